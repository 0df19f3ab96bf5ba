-- The share of every enabled model (cfg_models) for every counted pair, and its credit
-- (amount × share). A view rather than a table: it is read twice — by the invariant check and
-- by the copy-back — and materializing ten rows per pair costs more than computing it twice.
-- Shares are DOUBLE, with the same arithmetic as the stored procedures (at_build_credits,
-- at_insert_position_based, at_insert_milestone_based).
CREATE VIEW at_credits AS
SELECT s.opportunity_id, s.stage, s.model, s.touch_id, s.campaign_id, s.share, o.amount * s.share AS credit
FROM (
  -- first touch, last touch and linear
  SELECT p.opportunity_id, p.stage, m.model, p.touch_id, p.campaign_id,
         CASE WHEN m.model = 'linear' THEN CAST(1 AS DOUBLE) / p.touch_count ELSE CAST(1 AS DOUBLE) END AS share
  FROM at_paths p
  CROSS JOIN cfg_models m
  WHERE (m.model = 'first_touch' AND p.position = 1)
     OR (m.model = 'last_touch' AND p.position = p.touch_count)
     OR m.model = 'linear'

  UNION ALL
  -- position based: N = 1 → 1; N = 2 → F/(F+L) and L/(F+L); N ≥ 3 → F, M/(N-2) each, L
  SELECT p.opportunity_id, p.stage, w.model, p.touch_id, p.campaign_id,
         CASE WHEN p.touch_count = 1 THEN CAST(1 AS DOUBLE)
              WHEN p.touch_count = 2 THEN (CASE WHEN p.position = 1 THEN w.first_weight ELSE w.last_weight END) / (w.first_weight + w.last_weight)
              WHEN p.position = 1 THEN w.first_weight
              WHEN p.position = p.touch_count THEN w.last_weight
              ELSE w.middle_weight / (p.touch_count - 2) END AS share
  FROM at_paths p
  CROSS JOIN (
    SELECT m.model, x.first_weight, x.middle_weight, x.last_weight
    FROM (
      SELECT 'u_shaped' AS model, CAST(0.4 AS DOUBLE) AS first_weight, CAST(0.2 AS DOUBLE) AS middle_weight, CAST(0.4 AS DOUBLE) AS last_weight
      UNION ALL SELECT 'j_shaped', CAST(0.2 AS DOUBLE), CAST(0.2 AS DOUBLE), CAST(0.6 AS DOUBLE)
      UNION ALL SELECT 'inverse_j', CAST(0.6 AS DOUBLE), CAST(0.2 AS DOUBLE), CAST(0.2 AS DOUBLE)
      UNION ALL SELECT 'custom_xyx', c.custom_x_share, c.custom_y_share, c.custom_x_share FROM cfg_settings c
    ) x
    JOIN cfg_models m ON m.model = x.model
  ) w

  UNION ALL
  -- milestone based (w_shaped, full_path): a touch holding k milestones takes k weights;
  -- touches holding none share what is left evenly; when every touch holds one, shares are
  -- k / number of milestones
  SELECT k.opportunity_id, k.stage, k.model, k.touch_id, k.campaign_id,
         CASE WHEN k.touch_count > k.milestone_touches
              THEN CASE WHEN k.held > 0 THEN k.held * k.weight
                        ELSE (1 - k.milestones * k.weight) / (k.touch_count - k.milestone_touches) END
              ELSE k.held / k.milestones END AS share
  FROM (
    SELECT p.opportunity_id, p.stage, c.model, p.touch_id, p.campaign_id, p.touch_count, c.weight,
           CASE WHEN p.position = 1 THEN 1 ELSE 0 END
             + CASE WHEN p.position = ms.lead_position THEN 1 ELSE 0 END
             + CASE WHEN p.position = ms.opportunity_position THEN 1 ELSE 0 END
             + CASE WHEN c.closed_won = 1 AND p.position = p.touch_count THEN 1 ELSE 0 END AS held,
           CAST(3 + c.closed_won AS DOUBLE) AS milestones,
           -- how many distinct touches hold at least one milestone
           1 + CASE WHEN ms.lead_position <> 1 THEN 1 ELSE 0 END
             + CASE WHEN ms.opportunity_position <> 1 AND ms.opportunity_position <> ms.lead_position THEN 1 ELSE 0 END
             + CASE WHEN c.closed_won = 1 AND p.touch_count <> 1 AND p.touch_count <> ms.lead_position
                         AND p.touch_count <> ms.opportunity_position THEN 1 ELSE 0 END AS milestone_touches
    FROM at_paths p
    JOIN at_milestones ms ON ms.opportunity_id = p.opportunity_id AND ms.stage = p.stage
    JOIN (
      SELECT x.model, x.stage, x.closed_won, x.weight
      FROM (
        -- in the pipeline stage full path is w-shaped; in revenue it adds the closed-won milestone
        SELECT 'w_shaped' AS model, 'pipeline' AS stage, 0 AS closed_won, CAST(0.3 AS DOUBLE) AS weight
        UNION ALL SELECT 'w_shaped', 'revenue', 0, CAST(0.3 AS DOUBLE)
        UNION ALL SELECT 'full_path', 'pipeline', 0, CAST(0.3 AS DOUBLE)
        UNION ALL SELECT 'full_path', 'revenue', 1, CAST(0.225 AS DOUBLE)
      ) x
      JOIN cfg_models m ON m.model = x.model
    ) c ON c.stage = p.stage
  ) k

  UNION ALL
  -- time decay: weight 2^(-days before the anchor / half-life), normalized per (opportunity, stage)
  SELECT d.opportunity_id, d.stage, 'time_decay' AS model, d.touch_id, d.campaign_id,
         d.weight / SUM(d.weight) OVER (PARTITION BY d.opportunity_id, d.stage) AS share
  FROM (
    SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id,
           POW(CAST(2 AS DOUBLE), -(ms.anchor_day - p.touch_day) / c.half_life_days) AS weight
    FROM at_paths p
    JOIN at_milestones ms ON ms.opportunity_id = p.opportunity_id AND ms.stage = p.stage
    CROSS JOIN cfg_settings c
    CROSS JOIN (SELECT model FROM cfg_models WHERE model = 'time_decay') m
  ) d
) s
JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
