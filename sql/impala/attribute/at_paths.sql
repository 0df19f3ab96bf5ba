-- Every positioned pair with the milestones it holds and the share each enabled model
-- (cfg_models) gives it: one column per model, NULL where the model gives the touch none or is
-- not enabled. Written as this run's table in the tenant's database (bfw_<tenant>.at_paths_r<run>),
-- which the view at_paths points at once the run publishes; the pairs stay on the cluster.
-- milestones is a bit mask, the same as MySQL's at_paths: 1 first touch, 2 lead creation,
-- 4 opportunity creation, 8 closed won (revenue stage, tN). Shares are DOUBLE, with the same arithmetic as
-- the stored procedure at_build_credits:
--   position based: N = 1 → 1; N = 2 → F/(F+L) and L/(F+L); N ≥ 3 → F, M/(N-2) each, L;
--   milestone based (w_shaped, full_path): a touch holding k milestones takes k weights; touches
--   holding none share what is left evenly; when every touch holds one, k / number of milestones;
--   time decay: 2^(-days before the anchor / half-life), normalized per (opportunity, stage) by
--   at_milestones.decay_sum.
CREATE TABLE ${var:tenant_db}.at_paths_r${var:run} STORED AS PARQUET AS
SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id, k.person_id, k.touch_day, k.position, k.touch_count, k.amount,
       k.milestones,
       CASE WHEN e.first_touch_on = 1 AND k.position = 1 THEN CAST(1 AS DOUBLE) END AS share_first_touch,
       CASE WHEN e.last_touch_on = 1 AND k.position = k.touch_count THEN CAST(1 AS DOUBLE) END AS share_last_touch,
       CASE WHEN e.linear_on = 1 THEN CAST(1 AS DOUBLE) / k.touch_count END AS share_linear,
       CASE WHEN e.u_shaped_on = 1 THEN
         CASE WHEN k.touch_count = 1 THEN CAST(1 AS DOUBLE)
              WHEN k.touch_count = 2 THEN CAST(0.4 AS DOUBLE) / (CAST(0.4 AS DOUBLE) + CAST(0.4 AS DOUBLE))
              WHEN k.position = 1 THEN CAST(0.4 AS DOUBLE)
              WHEN k.position = k.touch_count THEN CAST(0.4 AS DOUBLE)
              ELSE CAST(0.2 AS DOUBLE) / (k.touch_count - 2) END END AS share_u_shaped,
       CASE WHEN e.j_shaped_on = 1 THEN
         CASE WHEN k.touch_count = 1 THEN CAST(1 AS DOUBLE)
              WHEN k.touch_count = 2 THEN (CASE WHEN k.position = 1 THEN CAST(0.2 AS DOUBLE) ELSE CAST(0.6 AS DOUBLE) END) / (CAST(0.2 AS DOUBLE) + CAST(0.6 AS DOUBLE))
              WHEN k.position = 1 THEN CAST(0.2 AS DOUBLE)
              WHEN k.position = k.touch_count THEN CAST(0.6 AS DOUBLE)
              ELSE CAST(0.2 AS DOUBLE) / (k.touch_count - 2) END END AS share_j_shaped,
       CASE WHEN e.inverse_j_on = 1 THEN
         CASE WHEN k.touch_count = 1 THEN CAST(1 AS DOUBLE)
              WHEN k.touch_count = 2 THEN (CASE WHEN k.position = 1 THEN CAST(0.6 AS DOUBLE) ELSE CAST(0.2 AS DOUBLE) END) / (CAST(0.6 AS DOUBLE) + CAST(0.2 AS DOUBLE))
              WHEN k.position = 1 THEN CAST(0.6 AS DOUBLE)
              WHEN k.position = k.touch_count THEN CAST(0.2 AS DOUBLE)
              ELSE CAST(0.2 AS DOUBLE) / (k.touch_count - 2) END END AS share_inverse_j,
       CASE WHEN e.custom_xyx_on = 1 THEN
         CASE WHEN k.touch_count = 1 THEN CAST(1 AS DOUBLE)
              WHEN k.touch_count = 2 THEN c.custom_x_share / (c.custom_x_share + c.custom_x_share)
              WHEN k.position = 1 THEN c.custom_x_share
              WHEN k.position = k.touch_count THEN c.custom_x_share
              ELSE c.custom_y_share / (k.touch_count - 2) END END AS share_custom_xyx,
       CASE WHEN e.w_shaped_on = 1 THEN
         CASE WHEN k.touch_count > k.w_touches
              THEN CASE WHEN k.w_held > 0 THEN k.w_held * CAST(0.3 AS DOUBLE)
                        ELSE (1 - CAST(3 AS DOUBLE) * CAST(0.3 AS DOUBLE)) / (k.touch_count - k.w_touches) END
              ELSE k.w_held / CAST(3 AS DOUBLE) END END AS share_w_shaped,
       CASE WHEN e.full_path_on = 1 THEN
         CASE WHEN k.touch_count > k.f_touches
              THEN CASE WHEN k.f_held > 0 THEN k.f_held * k.f_weight
                        ELSE (1 - k.f_milestones * k.f_weight) / (k.touch_count - k.f_touches) END
              ELSE k.f_held / k.f_milestones END END AS share_full_path,
       CASE WHEN e.time_decay_on = 1 THEN
         POW(CAST(2 AS DOUBLE), -(k.anchor_day - k.touch_day) / c.half_life_days) / k.decay_sum
       END AS share_time_decay
FROM (
  SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id, p.person_id, p.touch_day, p.position, ms.touch_count,
         o.amount, ms.anchor_day, ms.decay_sum,
         CASE WHEN p.position = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.position = ms.lead_position THEN 2 ELSE 0 END
           + CASE WHEN p.position = ms.opportunity_position THEN 4 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND p.position = ms.touch_count THEN 8 ELSE 0 END AS milestones,
         -- w_shaped: milestones first touch, lead creation, opportunity creation
         CASE WHEN p.position = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.position = ms.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.position = ms.opportunity_position THEN 1 ELSE 0 END AS w_held,
         -- how many distinct touches hold at least one milestone
         1 + CASE WHEN ms.lead_position <> 1 THEN 1 ELSE 0 END
           + CASE WHEN ms.opportunity_position <> 1 AND ms.opportunity_position <> ms.lead_position THEN 1 ELSE 0 END AS w_touches,
         -- full_path: in revenue also closed won (tN), each milestone 0.225
         CASE WHEN p.position = 1 THEN 1 ELSE 0 END
           + CASE WHEN p.position = ms.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.position = ms.opportunity_position THEN 1 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND p.position = ms.touch_count THEN 1 ELSE 0 END AS f_held,
         1 + CASE WHEN ms.lead_position <> 1 THEN 1 ELSE 0 END
           + CASE WHEN ms.opportunity_position <> 1 AND ms.opportunity_position <> ms.lead_position THEN 1 ELSE 0 END
           + CASE WHEN p.stage = 'revenue' AND ms.touch_count <> 1 AND ms.touch_count <> ms.lead_position
                       AND ms.touch_count <> ms.opportunity_position THEN 1 ELSE 0 END AS f_touches,
         CASE WHEN p.stage = 'revenue' THEN CAST(4 AS DOUBLE) ELSE CAST(3 AS DOUBLE) END AS f_milestones,
         CASE WHEN p.stage = 'revenue' THEN CAST(0.225 AS DOUBLE) ELSE CAST(0.3 AS DOUBLE) END AS f_weight
  FROM at_positions p
  JOIN at_milestones ms ON ms.opportunity_id = p.opportunity_id AND ms.stage = p.stage
  JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
) k
CROSS JOIN cfg_settings c
CROSS JOIN (
  -- which models are enabled: 1 or 0 each
  SELECT MAX(CASE WHEN model = 'first_touch' THEN 1 ELSE 0 END) AS first_touch_on,
         MAX(CASE WHEN model = 'last_touch' THEN 1 ELSE 0 END) AS last_touch_on,
         MAX(CASE WHEN model = 'linear' THEN 1 ELSE 0 END) AS linear_on,
         MAX(CASE WHEN model = 'u_shaped' THEN 1 ELSE 0 END) AS u_shaped_on,
         MAX(CASE WHEN model = 'j_shaped' THEN 1 ELSE 0 END) AS j_shaped_on,
         MAX(CASE WHEN model = 'inverse_j' THEN 1 ELSE 0 END) AS inverse_j_on,
         MAX(CASE WHEN model = 'custom_xyx' THEN 1 ELSE 0 END) AS custom_xyx_on,
         MAX(CASE WHEN model = 'w_shaped' THEN 1 ELSE 0 END) AS w_shaped_on,
         MAX(CASE WHEN model = 'full_path' THEN 1 ELSE 0 END) AS full_path_on,
         MAX(CASE WHEN model = 'time_decay' THEN 1 ELSE 0 END) AS time_decay_on
  FROM cfg_models
) e
