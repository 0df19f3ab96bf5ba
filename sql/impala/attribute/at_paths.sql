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
-- Shares are DOUBLE, with the same arithmetic as the stored procedure at_build_credits. No model is
-- named here: the model loops are written out from at_models when the statement is sent
-- (ModelTemplate), and every parameter comes from the staged input at_model_weights (MySQL's
-- at_models, migration 0014), read once as the one-row w; which models are enabled is the one-row e.
--   milestone based (first touch, lead creation, opportunity creation, and with closed_won_milestone
--   closed won = tN in revenue; weight W per milestone, the stage's): a touch holding k milestones
--   takes k × W; touches holding none share what is left evenly; when every touch holds one,
--   k / number of milestones;
--   time decay: 2^(-days before the anchor / half-life), normalized per (opportunity, stage) by
--   at_milestones' decay sum of the model.
CREATE TABLE ${var:tenant_db}.at_paths_r${var:run} STORED AS PARQUET AS
SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id, k.person_id, k.touch_day, k.`position`, k.touch_count, k.amount,
       k.milestones,
       -- the pair's slot and its part of it, for every pair whatever the models: a position model's
       -- share is its slot weight (at_position_weights) × position_slot_share, taken when read
       CASE WHEN k.touch_count = 1 THEN 1 WHEN k.touch_count = 2 THEN (CASE WHEN k.`position` = 1 THEN 2 ELSE 3 END)
            WHEN k.`position` = 1 THEN 4 WHEN k.`position` = k.touch_count THEN 6 ELSE 5 END AS position_slot,
       CASE WHEN k.touch_count > 2 AND k.`position` > 1 AND k.`position` < k.touch_count THEN CAST(1 AS DOUBLE) / (k.touch_count - 2)
            ELSE CAST(1 AS DOUBLE) END AS position_slot_share
       {{#each first_touch}}, CASE WHEN e.{{model}}_on = 1 AND k.`position` = 1 THEN CAST(1 AS DOUBLE) END AS share_{{model}}{{/each}}
       {{#each last_touch}}, CASE WHEN e.{{model}}_on = 1 AND k.`position` = k.touch_count THEN CAST(1 AS DOUBLE) END AS share_{{model}}{{/each}}
       {{#each linear}}, CASE WHEN e.{{model}}_on = 1 THEN CAST(1 AS DOUBLE) / k.touch_count END AS share_{{model}}{{/each}}
       {{#each milestone}}, CASE WHEN e.{{model}}_on = 1 THEN CASE WHEN k.touch_count > k.held_touches + w.{{model}}_won * k.won_touch THEN CASE WHEN k.held + w.{{model}}_won * k.won_held > 0 THEN (k.held + w.{{model}}_won * k.won_held) * (CASE WHEN k.stage = 'revenue' THEN w.{{model}}_revenue ELSE w.{{model}}_pipeline END) ELSE (1 - (CAST(3 AS DOUBLE) + w.{{model}}_won * k.revenue) * (CASE WHEN k.stage = 'revenue' THEN w.{{model}}_revenue ELSE w.{{model}}_pipeline END)) / (k.touch_count - k.held_touches - w.{{model}}_won * k.won_touch) END ELSE (k.held + w.{{model}}_won * k.won_held) / (CAST(3 AS DOUBLE) + w.{{model}}_won * k.revenue) END END AS share_{{model}}{{/each}}
       {{#each time_decay}}, CASE WHEN e.{{model}}_on = 1 THEN POW(CAST(2 AS DOUBLE), -(k.anchor_day - k.touch_day) / w.{{model}}_half_life) / k.{{model}}_decay_sum END AS share_{{model}}{{/each}}
FROM (
  SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id, p.person_id, p.touch_day, p.`position`, p.touch_count,
         o.amount, p.anchor_day{{#each time_decay}}, p.{{model}}_decay_sum{{/each}},
         CASE WHEN p.`position` = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = p.lead_position THEN 2 ELSE 0 END
           + CASE WHEN p.`position` = p.opportunity_position THEN 4 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND p.`position` = p.touch_count THEN 8 ELSE 0 END AS milestones,
         -- the three milestones every milestone model counts: first touch, lead creation, opportunity
         -- creation; held by this touch, and held by how many distinct touches of the path
         CASE WHEN p.`position` = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = p.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.`position` = p.opportunity_position THEN 1 ELSE 0 END AS held,
         1 + CASE WHEN p.lead_position <> 1 THEN 1 ELSE 0 END
           + CASE WHEN p.opportunity_position <> 1 AND p.opportunity_position <> p.lead_position THEN 1 ELSE 0 END AS held_touches,
         -- closed won (revenue, tN), for the models that count it: held here, and a touch of its own
         CASE WHEN p.stage = 'revenue' AND p.`position` = p.touch_count THEN 1 ELSE 0 END AS won_held,
         CASE WHEN p.stage = 'revenue' AND p.touch_count <> 1 AND p.touch_count <> p.lead_position
                   AND p.touch_count <> p.opportunity_position THEN 1 ELSE 0 END AS won_touch,
         CASE WHEN p.stage = 'revenue' THEN 1 ELSE 0 END AS revenue
  FROM (
    -- each pair with its path's milestones, and its position: consecutive ranks from the path's first (at_positions)
    SELECT q.opportunity_id, q.stage, q.touch_id, q.campaign_id, q.person_id, q.touch_day,
           q.path_rank - ms.first_rank + 1 AS `position`, ms.touch_count, ms.anchor_day, ms.lead_position, ms.opportunity_position
           {{#each time_decay}}, ms.{{model}}_decay_sum{{/each}}
    FROM at_positions q
    JOIN at_milestones ms ON ms.opportunity_id = q.opportunity_id AND ms.stage = q.stage
  ) p
  JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
) k
CROSS JOIN (
  -- every parameter of the milestone and time-decay models, as one row
  SELECT 0 AS one_row
         {{#each milestone}}, MAX(CASE WHEN model = '{{model}}' THEN pipeline_milestone_weight END) AS {{model}}_pipeline, MAX(CASE WHEN model = '{{model}}' THEN revenue_milestone_weight END) AS {{model}}_revenue, MAX(CASE WHEN model = '{{model}}' THEN closed_won_milestone END) AS {{model}}_won{{/each}}
         {{#each time_decay}}, MAX(CASE WHEN model = '{{model}}' THEN half_life_days END) AS {{model}}_half_life{{/each}}
  FROM at_model_weights
) w
CROSS JOIN (
  -- which models with a share column are enabled: 1 or 0 each
  SELECT 0 AS one_row{{#each stored}}, MAX(CASE WHEN model = '{{model}}' THEN 1 ELSE 0 END) AS {{model}}_on{{/each}}
  FROM cfg_models
) e
