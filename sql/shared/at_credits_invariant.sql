-- The invariant both engines check on a freshly built attribution before they swap it in: shares
-- per (opportunity, stage, model) sum to 1 within 1e-9. Returns the first violation, or no row. One
-- statement for both engines, in the SQL MySQL and Impala share; each names its relations:
--   ${var:paths}             the pairs just built (MySQL at_paths_next; Impala at_paths_r<run>)
--   ${var:position_weights}  the position models they were built with, with their slot weights
--   ${var:models}            the models the tenant enables (a relation with a column model)
-- One GROUP BY pass over the pairs gives each path its share-column models' sums and, per slot,
-- the sum of position_slot_share (0 where the path has no pair in the slot); a position model sums
-- to its slot weights × those, the same shares every reader takes. A model that gives a path no
-- share sums to NULL and never breaks it. No model is named here: the model loops are written out
-- from at_models (ModelTemplate).
SELECT v.opportunity_id, v.stage, v.model, v.share_sum
FROM (
  SELECT s.opportunity_id, s.stage, m.model,
         CASE WHEN w.model IS NOT NULL THEN 0{{#each slot}} + s.slot_{{slot}} * w.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN s.s_{{model}}{{/each}} END END AS share_sum
  FROM (
    SELECT opportunity_id, stage{{#each stored}}, SUM(share_{{model}}) AS s_{{model}}{{/each}}
           {{#each slot}}, SUM(CASE WHEN position_slot = {{n}} THEN position_slot_share ELSE 0 END) AS slot_{{slot}}{{/each}}
    FROM ${var:paths}
    GROUP BY opportunity_id, stage
  ) s
  CROSS JOIN ${var:models} m
  LEFT JOIN ${var:position_weights} w ON w.model = m.model
) v
WHERE ABS(v.share_sum - 1) > 0.000000001
ORDER BY v.opportunity_id, v.stage, v.model
LIMIT 1
