-- at_paths_next: every positioned pair of at_positions_work with the milestones it holds (bit mask:
-- 1 first touch, 2 lead creation, 4 opportunity creation, 8 closed won), its position slot, and the
-- share each enabled model with a share column gives it (NULL where the model gives it none or is
-- not enabled), in one pass; at_position_weights_next: the enabled position models with their slot
-- weights. at_credits is the view that unpivots both. Then the invariant: shares per (opportunity,
-- stage, model) sum to 1 within 1e-9, or the step fails naming the opportunity (and nothing is
-- swapped in).
--
-- Every weight comes from at_model_weights (migration 0011) and at_position_slot_weights (0012);
-- no weight and no position model is named here.
-- Position based (every at_models row of kind position): the pair's slot (0012: 1 only touch,
-- 2/3 first/last of two, 4/5/6 first/middle/last of N ≥ 3) and its part of the slot (1, or 1/(N-2)
-- for a middle touch); its share is the model's slot weight × that part, read where it is used.
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
         COALESCE(MAX(value = 'w_shaped'), 0),
         COALESCE(MAX(value = 'full_path'), 0),
         COALESCE(MAX(value = 'time_decay'), 0)
  INTO v_first_touch, v_last_touch, v_linear, v_w_shaped, v_full_path, v_time_decay
  FROM cfg_tenant_list WHERE list_name = 'models';

  DROP TABLE IF EXISTS at_paths_next;
  CREATE TABLE at_paths_next LIKE at_paths;
  INSERT INTO at_paths_next (opportunity_id, stage, touch_id, campaign_id, person_id, touch_date, position, touch_count, amount,
                             milestones, position_slot, position_slot_share, share_first_touch, share_last_touch, share_linear,
                             share_w_shaped, share_full_path, share_time_decay)
  SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id, k.person_id, k.touch_date, k.position, k.touch_count, k.amount,
         k.milestones,
         CASE WHEN k.touch_count = 1 THEN 1 WHEN k.touch_count = 2 THEN IF(k.position = 1, 2, 3)
              WHEN k.position = 1 THEN 4 WHEN k.position = k.touch_count THEN 6 ELSE 5 END,
         IF(k.touch_count > 2 AND k.position > 1 AND k.position < k.touch_count, 1e0 / (k.touch_count - 2), 1e0),
         IF(v_first_touch AND k.position = 1, 1e0, NULL),
         IF(v_last_touch AND k.position = k.touch_count, 1e0, NULL),
         IF(v_linear, 1e0 / k.touch_count, NULL),
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
    -- every milestone weight, as one row: W per milestone of each milestone model, per stage
    SELECT MAX(IF(model = 'w_shaped', pipeline_milestone_weight, NULL)) AS w_pipeline,
           MAX(IF(model = 'w_shaped', revenue_milestone_weight, NULL)) AS w_revenue,
           MAX(IF(model = 'full_path', pipeline_milestone_weight, NULL)) AS f_pipeline,
           MAX(IF(model = 'full_path', revenue_milestone_weight, NULL)) AS f_revenue
    FROM at_model_weights
  ) w;
  DROP TABLE at_positions_work;

  -- The position models this attribution is built with, at their weights now (at_credits and the
  -- aggregates read the shares through this table, swapped in with at_paths).
  DROP TABLE IF EXISTS at_position_weights_next;
  CREATE TABLE at_position_weights_next LIKE at_position_weights;
  INSERT INTO at_position_weights_next
  SELECT w.model, w.only_weight, w.first_of_two_weight, w.last_of_two_weight, w.first_weight, w.middle_weight, w.last_weight
  FROM at_position_slot_weights w
  WHERE w.model IN (SELECT value FROM cfg_tenant_list WHERE list_name = 'models');

  -- One pass over the pairs: per (opportunity, stage), each share column's sum and each slot's
  -- part; a position model's sum is its slot weights times those parts.
  SELECT v.opportunity_id, v.stage, v.model, v.share_sum
  INTO v_bad_opportunity, v_bad_stage, v_bad_model, v_bad_sum
  FROM (
    SELECT s.opportunity_id, s.stage, m.model,
           CASE WHEN w.model IS NOT NULL
                THEN s.slot1 * w.only_weight + s.slot2 * w.first_of_two_weight + s.slot3 * w.last_of_two_weight
                     + s.slot4 * w.first_weight + s.slot5 * w.middle_weight + s.slot6 * w.last_weight
                ELSE CASE m.model WHEN 'first_touch' THEN s.first_touch WHEN 'last_touch' THEN s.last_touch WHEN 'linear' THEN s.linear_sum
                       WHEN 'w_shaped' THEN s.w_shaped WHEN 'full_path' THEN s.full_path WHEN 'time_decay' THEN s.time_decay END
           END AS share_sum
    FROM (
      SELECT opportunity_id, stage, SUM(share_first_touch) AS first_touch, SUM(share_last_touch) AS last_touch,
             SUM(share_linear) AS linear_sum, SUM(share_w_shaped) AS w_shaped, SUM(share_full_path) AS full_path,
             SUM(share_time_decay) AS time_decay,
             SUM(IF(position_slot = 1, position_slot_share, 0)) AS slot1, SUM(IF(position_slot = 2, position_slot_share, 0)) AS slot2,
             SUM(IF(position_slot = 3, position_slot_share, 0)) AS slot3, SUM(IF(position_slot = 4, position_slot_share, 0)) AS slot4,
             SUM(IF(position_slot = 5, position_slot_share, 0)) AS slot5, SUM(IF(position_slot = 6, position_slot_share, 0)) AS slot6
      FROM at_paths_next
      GROUP BY opportunity_id, stage
    ) s
    JOIN at_models m
    LEFT JOIN at_position_weights_next w ON w.model = m.model
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
