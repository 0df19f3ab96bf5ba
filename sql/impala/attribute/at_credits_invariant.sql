-- The invariant the step checks on this run's pairs before it publishes them: shares per (opportunity,
-- stage, model) sum to 1 within 1e-9. Returns the first violation, or no row. A model that is
-- not enabled sums to NULL and never breaks it.
-- One GROUP BY pass over the pairs gives each path its stored models' share sums and, per slot,
-- the sum of position_slot_share (0 where the path has no pair in the slot); a position model of
-- this run (at_position_weights_r<run>) sums to its slot weights × those, the same shares
-- every reader takes, so a position model is checked without being named here.
SELECT v.opportunity_id, v.stage, v.model, v.share_sum
FROM (
  SELECT s.opportunity_id, s.stage, m.model,
         CASE WHEN w.model IS NOT NULL
              THEN s.slot_only * w.only_weight + s.slot_first_of_two * w.first_of_two_weight + s.slot_last_of_two * w.last_of_two_weight
                   + s.slot_first * w.first_weight + s.slot_middle * w.middle_weight + s.slot_last * w.last_weight
              ELSE CASE m.model WHEN 'first_touch' THEN s.first_touch WHEN 'last_touch' THEN s.last_touch WHEN 'linear' THEN s.linear_sum
                                WHEN 'w_shaped' THEN s.w_shaped WHEN 'full_path' THEN s.full_path WHEN 'time_decay' THEN s.time_decay END
         END AS share_sum
  FROM (
    SELECT opportunity_id, stage, SUM(share_first_touch) AS first_touch, SUM(share_last_touch) AS last_touch,
           SUM(share_linear) AS linear_sum, SUM(share_w_shaped) AS w_shaped, SUM(share_full_path) AS full_path,
           SUM(share_time_decay) AS time_decay,
           SUM(CASE WHEN position_slot = 1 THEN position_slot_share ELSE 0 END) AS slot_only,
           SUM(CASE WHEN position_slot = 2 THEN position_slot_share ELSE 0 END) AS slot_first_of_two,
           SUM(CASE WHEN position_slot = 3 THEN position_slot_share ELSE 0 END) AS slot_last_of_two,
           SUM(CASE WHEN position_slot = 4 THEN position_slot_share ELSE 0 END) AS slot_first,
           SUM(CASE WHEN position_slot = 5 THEN position_slot_share ELSE 0 END) AS slot_middle,
           SUM(CASE WHEN position_slot = 6 THEN position_slot_share ELSE 0 END) AS slot_last
    FROM ${var:tenant_db}.at_paths_r${var:run}
    GROUP BY opportunity_id, stage
  ) s
  CROSS JOIN cfg_models m
  LEFT JOIN ${var:tenant_db}.at_position_weights_r${var:run} w ON w.model = m.model
) v
WHERE ABS(v.share_sum - 1) > 0.000000001
ORDER BY v.opportunity_id, v.stage, v.model
LIMIT 1
