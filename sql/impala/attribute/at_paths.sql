-- Every positioned pair with the milestones it holds, its position slot, and the share each enabled
-- model (cfg_models) that is not a position model gives it: one column per such model, NULL where
-- the model gives the touch none or is not enabled. Written as this run's table in the tenant's
-- database (bfw_<tenant>.at_paths_r<run>), which the view at_paths points at once the run
-- publishes; the pairs stay on the cluster. The columns are MySQL's at_paths (migration 0012) in
-- its order, touch_day (a day number) standing for touch_date.
-- milestones is a bit mask, the same as MySQL's at_paths: 1 first touch, 2 lead creation,
-- 4 opportunity creation, 8 closed won (revenue stage, tN).
-- Position models have no column: their share depends only on where the pair sits in its path of N
-- touches, so the pair keeps that once (the definition of migration 0012) and readers multiply it
-- by the weights of at_position_weights (this run's: at_position_weights.sql), whatever the models:
--   position_slot        1 the only touch (N = 1), 2 first of two, 3 last of two,
--                        4 first (N ≥ 3), 5 middle (N ≥ 3), 6 last (N ≥ 3)
--   position_slot_share  the pair's part of its slot: 1, or 1/(N-2) for a middle touch
-- Shares are DOUBLE, with the same arithmetic as the stored procedure at_build_credits, and every
-- weight comes from the staged input at_model_weights (MySQL's at_models, migration 0011), read
-- once as the one-row w:
--   milestone based (w_shaped, full_path; weight W per milestone, the stage's): a touch holding k
--   milestones takes k × W; touches holding none share what is left evenly; when every touch holds
--   one, k / number of milestones;
--   time decay: 2^(-days before the anchor / half-life), normalized per (opportunity, stage) by
--   at_milestones.decay_sum.
CREATE TABLE ${var:tenant_db}.at_paths_r${var:run} STORED AS PARQUET AS
SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id, k.person_id, k.touch_day, k.`position`, k.touch_count, k.amount,
       k.milestones,
       -- the pair's slot and its part of it, for every pair whatever the models: a position model's
       -- share is its slot weight (at_position_weights) × position_slot_share, taken when read
       CASE WHEN k.touch_count = 1 THEN 1 WHEN k.touch_count = 2 THEN (CASE WHEN k.`position` = 1 THEN 2 ELSE 3 END)
            WHEN k.`position` = 1 THEN 4 WHEN k.`position` = k.touch_count THEN 6 ELSE 5 END AS position_slot,
       CASE WHEN k.touch_count > 2 AND k.`position` > 1 AND k.`position` < k.touch_count THEN CAST(1 AS DOUBLE) / (k.touch_count - 2)
            ELSE CAST(1 AS DOUBLE) END AS position_slot_share,
       CASE WHEN e.first_touch_on = 1 AND k.`position` = 1 THEN CAST(1 AS DOUBLE) END AS share_first_touch,
       CASE WHEN e.last_touch_on = 1 AND k.`position` = k.touch_count THEN CAST(1 AS DOUBLE) END AS share_last_touch,
       CASE WHEN e.linear_on = 1 THEN CAST(1 AS DOUBLE) / k.touch_count END AS share_linear,
       CASE WHEN e.w_shaped_on = 1 THEN
         CASE WHEN k.touch_count > k.w_touches
              THEN CASE WHEN k.w_held > 0 THEN k.w_held * (CASE WHEN k.stage = 'revenue' THEN w.w_revenue ELSE w.w_pipeline END)
                        ELSE (1 - CAST(3 AS DOUBLE) * (CASE WHEN k.stage = 'revenue' THEN w.w_revenue ELSE w.w_pipeline END))
                             / (k.touch_count - k.w_touches) END
              ELSE k.w_held / CAST(3 AS DOUBLE) END END AS share_w_shaped,
       CASE WHEN e.full_path_on = 1 THEN
         CASE WHEN k.touch_count > k.f_touches
              THEN CASE WHEN k.f_held > 0 THEN k.f_held * (CASE WHEN k.stage = 'revenue' THEN w.f_revenue ELSE w.f_pipeline END)
                        ELSE (1 - k.f_milestones * (CASE WHEN k.stage = 'revenue' THEN w.f_revenue ELSE w.f_pipeline END))
                             / (k.touch_count - k.f_touches) END
              ELSE k.f_held / k.f_milestones END END AS share_full_path,
       CASE WHEN e.time_decay_on = 1 THEN
         POW(CAST(2 AS DOUBLE), -(k.anchor_day - k.touch_day) / c.half_life_days) / k.decay_sum
       END AS share_time_decay
FROM (
  SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id, p.person_id, p.touch_day, p.`position`, ms.touch_count,
         o.amount, ms.anchor_day, ms.decay_sum,
         CASE WHEN p.`position` = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = ms.lead_position THEN 2 ELSE 0 END
           + CASE WHEN p.`position` = ms.opportunity_position THEN 4 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND p.`position` = ms.touch_count THEN 8 ELSE 0 END AS milestones,
         -- w_shaped: milestones first touch, lead creation, opportunity creation
         CASE WHEN p.`position` = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = ms.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = ms.opportunity_position THEN 1 ELSE 0 END AS w_held,
         -- how many distinct touches hold at least one milestone
         1 + CASE WHEN ms.lead_position <> 1 THEN 1 ELSE 0 END
           + CASE WHEN ms.opportunity_position <> 1 AND ms.opportunity_position <> ms.lead_position THEN 1 ELSE 0 END AS w_touches,
         -- full_path: in revenue also closed won (tN)
         CASE WHEN p.`position` = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = ms.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = ms.opportunity_position THEN 1 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND p.`position` = ms.touch_count THEN 1 ELSE 0 END AS f_held,
         1 + CASE WHEN ms.lead_position <> 1 THEN 1 ELSE 0 END
           + CASE WHEN ms.opportunity_position <> 1 AND ms.opportunity_position <> ms.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND ms.touch_count <> 1 AND ms.touch_count <> ms.lead_position
                       AND ms.touch_count <> ms.opportunity_position THEN 1 ELSE 0 END AS f_touches,
         CASE WHEN p.stage = 'revenue' THEN CAST(4 AS DOUBLE) ELSE CAST(3 AS DOUBLE) END AS f_milestones
  FROM at_positions p
  JOIN at_milestones ms ON ms.opportunity_id = p.opportunity_id AND ms.stage = p.stage
  JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
) k
CROSS JOIN cfg_settings c
CROSS JOIN (
  -- the milestone models' weight per milestone and stage, as one row
  SELECT MAX(CASE WHEN model = 'w_shaped' THEN pipeline_milestone_weight END) AS w_pipeline,
         MAX(CASE WHEN model = 'w_shaped' THEN revenue_milestone_weight END) AS w_revenue,
         MAX(CASE WHEN model = 'full_path' THEN pipeline_milestone_weight END) AS f_pipeline,
         MAX(CASE WHEN model = 'full_path' THEN revenue_milestone_weight END) AS f_revenue
  FROM at_model_weights
) w
CROSS JOIN (
  -- which models are enabled: 1 or 0 each
  SELECT MAX(CASE WHEN model = 'first_touch' THEN 1 ELSE 0 END) AS first_touch_on,
         MAX(CASE WHEN model = 'last_touch' THEN 1 ELSE 0 END) AS last_touch_on,
         MAX(CASE WHEN model = 'linear' THEN 1 ELSE 0 END) AS linear_on,
         MAX(CASE WHEN model = 'w_shaped' THEN 1 ELSE 0 END) AS w_shaped_on,
         MAX(CASE WHEN model = 'full_path' THEN 1 ELSE 0 END) AS full_path_on,
         MAX(CASE WHEN model = 'time_decay' THEN 1 ELSE 0 END) AS time_decay_on
  FROM cfg_models
) e
