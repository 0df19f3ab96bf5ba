-- Per (opportunity, stage): N, the path's first rank (at_positions: a pair's position is its
-- path_rank - first_rank + 1), and the milestone positions: lead creation = the first touch dated
-- on or after the created day of the touch's own person (t1 when none); opportunity creation = the
-- last touch dated on or before the opportunity's created day (t1 when none; always tN in the
-- pipeline stage). Also, for each time-decay model (written out from at_models, ModelTemplate),
-- the sum of its weights the shares are normalized by (a group sum here, so at_paths needs no
-- window over the wide pairs).
CREATE TABLE at_milestones STORED AS PARQUET AS
SELECT p.opportunity_id, p.stage, p.anchor_day, COUNT(*) AS touch_count, MIN(p.path_rank) AS first_rank,
       COALESCE(MIN(CASE WHEN p.touch_day >= p.person_created_day THEN p.path_rank END) - MIN(p.path_rank) + 1, 1) AS lead_position,
       COALESCE(MAX(CASE WHEN p.touch_day <= p.created_day THEN p.path_rank END) - MIN(p.path_rank) + 1, 1) AS opportunity_position
       {{#each time_decay}}, SUM(POW(CAST(2 AS DOUBLE), -(p.anchor_day - p.touch_day) / w.{{model}}_half_life)) AS {{model}}_decay_sum{{/each}}
FROM at_positions p
CROSS JOIN (
  SELECT 0 AS one_row{{#each time_decay}}, MAX(CASE WHEN model = '{{model}}' THEN half_life_days END) AS {{model}}_half_life{{/each}}
  FROM at_model_weights
) w
GROUP BY p.opportunity_id, p.stage, p.anchor_day
