-- The invariant the step checks on this run's pairs before it publishes them: shares per (opportunity,
-- stage, model) sum to 1 within 1e-9. Returns the first violation, or no row. A model that is
-- not enabled sums to NULL and never breaks it.
-- One GROUP BY pass over the pairs gives each path its stored models' share sums and, per slot,
-- the sum of position_slot_share (0 where the path has no pair in the slot); a position model of
-- this run (at_position_weights_r<run>) sums to its slot weights × those, the same shares
-- every reader takes. No model is named here: the model loops are written out from at_models.
SELECT v.opportunity_id, v.stage, v.model, v.share_sum
FROM (
  SELECT s.opportunity_id, s.stage, m.model,
         CASE WHEN w.model IS NOT NULL THEN 0{{#each slot}} + s.slot_{{slot}} * w.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN s.s_{{model}}{{/each}} END END AS share_sum
  FROM (
    SELECT opportunity_id, stage{{#each stored}}, SUM(share_{{model}}) AS s_{{model}}{{/each}}
           {{#each slot}}, SUM(CASE WHEN position_slot = {{n}} THEN position_slot_share ELSE 0 END) AS slot_{{slot}}{{/each}}
    FROM ${var:tenant_db}.at_paths_r${var:run}
    GROUP BY opportunity_id, stage
  ) s
  CROSS JOIN cfg_models m
  LEFT JOIN ${var:tenant_db}.at_position_weights_r${var:run} w ON w.model = m.model
) v
WHERE ABS(v.share_sum - 1) > 0.000000001
ORDER BY v.opportunity_id, v.stage, v.model
LIMIT 1
