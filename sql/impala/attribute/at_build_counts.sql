-- What this run built, for MySQL's at_build_info: pairs, unattributed (opportunity, stage) rows,
-- and the credit rows the at_credits relation shows: one per stored share that is not NULL, and
-- one per pair for each position model of the run (every pair has a slot, so a share). Three
-- one-row counts joined, so each table is read once.
SELECT p.path_rows, u.unattributed_rows, p.stored_credits + p.path_rows * w.position_models AS credit_rows
FROM (
  SELECT COUNT(*) AS path_rows,
         0{{#each stored}} + COUNT(share_{{model}}){{/each}} AS stored_credits
  FROM ${var:tenant_db}.at_paths_r${var:run}
) p
CROSS JOIN (SELECT COUNT(*) AS unattributed_rows FROM ${var:tenant_db}.at_unattributed_r${var:run}) u
CROSS JOIN (SELECT COUNT(*) AS position_models FROM ${var:tenant_db}.at_position_weights_r${var:run}) w
