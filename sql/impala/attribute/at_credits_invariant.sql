-- The invariant the step checks on this run's pairs before it publishes them: shares per (opportunity,
-- stage, model) sum to 1 within 1e-9. Returns the first violation, or no row. A model that is
-- not enabled sums to NULL and never breaks it.
SELECT v.opportunity_id, v.stage, v.model, v.share_sum
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
    FROM ${var:tenant_db}.at_paths_r${var:run}
    GROUP BY opportunity_id, stage
  ) s
  CROSS JOIN cfg_models m
) v
WHERE ABS(v.share_sum - 1) > 0.000000001
ORDER BY v.opportunity_id, v.stage, v.model
LIMIT 1
