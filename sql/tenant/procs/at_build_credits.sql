-- at_paths_next: every positioned pair of at_positions_work with the milestones it holds (bit mask:
-- 1 first touch, 2 lead creation, 4 opportunity creation, 8 closed won) and the share each enabled model
-- gives it (NULL where the model gives it none or is not enabled), in one pass; at_credits is the
-- view that unpivots them. Then the invariant: shares per (opportunity, stage, model) sum to 1
-- within 1e-9, or the step fails naming the opportunity (and nothing is swapped in).
--
-- Every weight comes from the view at_model_weights (migration 0011: at_models, with custom_xyx
-- taking the tenant's X-Y-X), read once as the one-row w; no weight is written here.
-- Position based (u_shaped, j_shaped, inverse_j, custom_xyx; weights F, M, L): N = 1 → 1;
-- N = 2 → F/(F+L) and L/(F+L); N ≥ 3 → F to t1, L to tN, M/(N-2) to each middle touch.
-- Milestone based (w_shaped: first touch, lead creation, opportunity creation; full_path: in
-- revenue also closed won = tN; weight W per milestone, the stage's): a touch holding k milestones
-- takes k × W; touches holding none share what is left evenly; when every touch holds a
-- milestone, shares are k / number of milestones.
-- Time decay: 2^(-days before the anchor / half-life), normalized per (opportunity, stage).
-- Arithmetic is DOUBLE throughout, the same as the Impala offload's sql/impala/attribute/at_paths.sql.
DROP PROCEDURE IF EXISTS at_build_credits;
DELIMITER //
CREATE PROCEDURE at_build_credits()
BEGIN
  DECLARE v_half_life DOUBLE;
  DECLARE v_first_touch TINYINT;
  DECLARE v_last_touch TINYINT;
  DECLARE v_linear TINYINT;
  DECLARE v_u_shaped TINYINT;
  DECLARE v_j_shaped TINYINT;
  DECLARE v_inverse_j TINYINT;
  DECLARE v_custom_xyx TINYINT;
  DECLARE v_w_shaped TINYINT;
  DECLARE v_full_path TINYINT;
  DECLARE v_time_decay TINYINT;
  DECLARE v_bad_opportunity CHAR(18) DEFAULT NULL;
  DECLARE v_bad_stage VARCHAR(8);
  DECLARE v_bad_model VARCHAR(16);
  DECLARE v_bad_sum DOUBLE;
  DECLARE v_message VARCHAR(255);
  SELECT time_decay_half_life_days INTO v_half_life FROM cfg_tenant_settings WHERE id = 1;
  -- Which models are enabled, read once rather than on every pair.
  SELECT COALESCE(MAX(value = 'first_touch'), 0),
         COALESCE(MAX(value = 'last_touch'), 0),
         COALESCE(MAX(value = 'linear'), 0),
         COALESCE(MAX(value = 'u_shaped'), 0),
         COALESCE(MAX(value = 'j_shaped'), 0),
         COALESCE(MAX(value = 'inverse_j'), 0),
         COALESCE(MAX(value = 'custom_xyx'), 0),
         COALESCE(MAX(value = 'w_shaped'), 0),
         COALESCE(MAX(value = 'full_path'), 0),
         COALESCE(MAX(value = 'time_decay'), 0)
  INTO v_first_touch, v_last_touch, v_linear, v_u_shaped, v_j_shaped, v_inverse_j, v_custom_xyx, v_w_shaped, v_full_path, v_time_decay
  FROM cfg_tenant_list WHERE list_name = 'models';

  DROP TABLE IF EXISTS at_paths_next;
  CREATE TABLE at_paths_next LIKE at_paths;
  INSERT INTO at_paths_next (opportunity_id, stage, touch_id, campaign_id, person_id, touch_date, position, touch_count, amount,
                             milestones, share_first_touch, share_last_touch, share_linear, share_u_shaped, share_j_shaped, share_inverse_j,
                             share_custom_xyx, share_w_shaped, share_full_path, share_time_decay)
  SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id, k.person_id, k.touch_date, k.position, k.touch_count, k.amount,
         k.milestones,
         IF(v_first_touch AND k.position = 1, 1e0, NULL),
         IF(v_last_touch AND k.position = k.touch_count, 1e0, NULL),
         IF(v_linear, 1e0 / k.touch_count, NULL),
         IF(v_u_shaped,
            CASE WHEN k.touch_count = 1 THEN 1e0 WHEN k.touch_count = 2 THEN IF(k.position = 1, w.u_first, w.u_last) / (w.u_first + w.u_last)
                 WHEN k.position = 1 THEN w.u_first WHEN k.position = k.touch_count THEN w.u_last ELSE w.u_middle / (k.touch_count - 2) END, NULL),
         IF(v_j_shaped,
            CASE WHEN k.touch_count = 1 THEN 1e0 WHEN k.touch_count = 2 THEN IF(k.position = 1, w.j_first, w.j_last) / (w.j_first + w.j_last)
                 WHEN k.position = 1 THEN w.j_first WHEN k.position = k.touch_count THEN w.j_last ELSE w.j_middle / (k.touch_count - 2) END, NULL),
         IF(v_inverse_j,
            CASE WHEN k.touch_count = 1 THEN 1e0 WHEN k.touch_count = 2 THEN IF(k.position = 1, w.i_first, w.i_last) / (w.i_first + w.i_last)
                 WHEN k.position = 1 THEN w.i_first WHEN k.position = k.touch_count THEN w.i_last ELSE w.i_middle / (k.touch_count - 2) END, NULL),
         IF(v_custom_xyx,
            CASE WHEN k.touch_count = 1 THEN 1e0 WHEN k.touch_count = 2 THEN IF(k.position = 1, w.x_first, w.x_last) / (w.x_first + w.x_last)
                 WHEN k.position = 1 THEN w.x_first WHEN k.position = k.touch_count THEN w.x_last ELSE w.x_middle / (k.touch_count - 2) END, NULL),
         IF(v_w_shaped,
            CASE WHEN k.touch_count > k.w_touches
                 THEN IF(k.w_held > 0, k.w_held * IF(k.stage = 'revenue', w.w_revenue, w.w_pipeline),
                         (1e0 - 3e0 * IF(k.stage = 'revenue', w.w_revenue, w.w_pipeline)) / (k.touch_count - k.w_touches))
                 ELSE k.w_held / 3e0 END, NULL),
         IF(v_full_path,
            CASE WHEN k.touch_count > k.f_touches
                 THEN IF(k.f_held > 0, k.f_held * IF(k.stage = 'revenue', w.f_revenue, w.f_pipeline),
                         (1e0 - k.f_milestones * IF(k.stage = 'revenue', w.f_revenue, w.f_pipeline)) / (k.touch_count - k.f_touches))
                 ELSE k.f_held / k.f_milestones END, NULL),
         IF(v_time_decay, k.decay / SUM(k.decay) OVER (PARTITION BY k.opportunity_id, k.stage), NULL)
  FROM (
    SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id, p.person_id, p.touch_date, p.position, p.touch_count, o.amount,
           (p.position = 1) + 2 * (p.position = m.lead_position) + 4 * (p.position = m.opportunity_position)
             + 8 * (p.stage = 'revenue' AND p.position = p.touch_count) AS milestones,
           -- w_shaped: milestones first touch, lead creation, opportunity creation
           (p.position = 1) + (p.position = m.lead_position) + (p.position = m.opportunity_position) AS w_held,
           1 + (m.lead_position <> 1) + (m.opportunity_position <> 1 AND m.opportunity_position <> m.lead_position) AS w_touches,
           -- full_path: in revenue also closed won (tN)
           (p.position = 1) + (p.position = m.lead_position) + (p.position = m.opportunity_position)
             + (p.stage = 'revenue' AND p.position = p.touch_count) AS f_held,
           1 + (m.lead_position <> 1) + (m.opportunity_position <> 1 AND m.opportunity_position <> m.lead_position)
             + (p.stage = 'revenue' AND p.touch_count <> 1 AND p.touch_count <> m.lead_position
                AND p.touch_count <> m.opportunity_position) AS f_touches,
           3e0 + (p.stage = 'revenue') AS f_milestones,
           POW(2e0, -DATEDIFF(m.anchor_date, p.touch_date) / v_half_life) AS decay
    FROM at_positions_work p
    JOIN at_milestones_next m ON m.opportunity_id = p.opportunity_id AND m.stage = p.stage
    JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
  ) k
  CROSS JOIN (
    -- every weight, as one row: F/M/L of the position models, W per milestone of the milestone models
    SELECT MAX(IF(model = 'u_shaped', first_weight, NULL)) AS u_first, MAX(IF(model = 'u_shaped', middle_weight, NULL)) AS u_middle,
           MAX(IF(model = 'u_shaped', last_weight, NULL)) AS u_last,
           MAX(IF(model = 'j_shaped', first_weight, NULL)) AS j_first, MAX(IF(model = 'j_shaped', middle_weight, NULL)) AS j_middle,
           MAX(IF(model = 'j_shaped', last_weight, NULL)) AS j_last,
           MAX(IF(model = 'inverse_j', first_weight, NULL)) AS i_first, MAX(IF(model = 'inverse_j', middle_weight, NULL)) AS i_middle,
           MAX(IF(model = 'inverse_j', last_weight, NULL)) AS i_last,
           MAX(IF(model = 'custom_xyx', first_weight, NULL)) AS x_first, MAX(IF(model = 'custom_xyx', middle_weight, NULL)) AS x_middle,
           MAX(IF(model = 'custom_xyx', last_weight, NULL)) AS x_last,
           MAX(IF(model = 'w_shaped', pipeline_milestone_weight, NULL)) AS w_pipeline,
           MAX(IF(model = 'w_shaped', revenue_milestone_weight, NULL)) AS w_revenue,
           MAX(IF(model = 'full_path', pipeline_milestone_weight, NULL)) AS f_pipeline,
           MAX(IF(model = 'full_path', revenue_milestone_weight, NULL)) AS f_revenue
    FROM at_model_weights
  ) w;
  DROP TABLE at_positions_work;

  SELECT v.opportunity_id, v.stage, v.model, v.share_sum
  INTO v_bad_opportunity, v_bad_stage, v_bad_model, v_bad_sum
  FROM (
    SELECT s.opportunity_id, s.stage, m.model,
           CASE m.model WHEN 'first_touch' THEN s.first_touch WHEN 'last_touch' THEN s.last_touch WHEN 'linear' THEN s.linear_sum
                        WHEN 'u_shaped' THEN s.u_shaped WHEN 'j_shaped' THEN s.j_shaped WHEN 'inverse_j' THEN s.inverse_j
                        WHEN 'custom_xyx' THEN s.custom_xyx WHEN 'w_shaped' THEN s.w_shaped WHEN 'full_path' THEN s.full_path
                        WHEN 'time_decay' THEN s.time_decay END AS share_sum
    FROM (
      SELECT opportunity_id, stage, SUM(share_first_touch) AS first_touch, SUM(share_last_touch) AS last_touch,
             SUM(share_linear) AS linear_sum, SUM(share_u_shaped) AS u_shaped, SUM(share_j_shaped) AS j_shaped,
             SUM(share_inverse_j) AS inverse_j, SUM(share_custom_xyx) AS custom_xyx, SUM(share_w_shaped) AS w_shaped,
             SUM(share_full_path) AS full_path, SUM(share_time_decay) AS time_decay
      FROM at_paths_next
      GROUP BY opportunity_id, stage
    ) s
    JOIN at_models m
  ) v
  -- a model that is not enabled sums to NULL and never breaks the invariant
  WHERE ABS(v.share_sum - 1e0) > 1e-9
  ORDER BY v.opportunity_id, v.stage, v.model
  LIMIT 1;
  IF v_bad_opportunity IS NOT NULL THEN
    SET v_message = CONCAT('attribution invariant broken: shares of opportunity ', v_bad_opportunity, ' (', v_bad_stage,
                           ', ', v_bad_model, ') sum to ', v_bad_sum, ', not 1');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_message;
  END IF;
END//
DELIMITER ;
