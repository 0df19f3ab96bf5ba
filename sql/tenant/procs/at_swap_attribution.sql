-- The MySQL engine's swap: the freshly built at_person_accounts_next, at_paths_next (every pair
-- with its slot and the share columns), at_position_weights_next (the position models it was built
-- with; the at_credits view reads both), at_unattributed_next and the at_build_info row that says
-- which run built them go in with one fenced RENAME TABLE (at_swap_in).
DROP PROCEDURE IF EXISTS at_swap_attribution;
DELIMITER //
CREATE PROCEDURE at_swap_attribution(IN p_engine VARCHAR(16), IN p_run_id BIGINT)
BEGIN
  -- Statistics of the new tables before the aggregate step plans against them (InnoDB would
  -- recalculate them in the background, after the step may already have chosen a bad plan).
  ANALYZE TABLE at_person_accounts_next, at_paths_next, at_unattributed_next;
  DROP TABLE IF EXISTS at_build_info_next;
  CREATE TABLE at_build_info_next LIKE at_build_info;
  -- The rows at_credits shows: one per share that is not NULL, and one per pair and position model.
  INSERT INTO at_build_info_next (id, engine, config_version, built_at, credit_rows, cluster_database, run_id, path_rows, unattributed_rows)
  SELECT 1, p_engine, s.config_version, UTC_TIMESTAMP(6),
         (SELECT 0{{#each stored}} + COUNT(share_{{model}}){{/each}}
                 + COUNT(*) * (SELECT COUNT(*) FROM at_position_weights_next) FROM at_paths_next),
         NULL, p_run_id, (SELECT COUNT(*) FROM at_paths_next), (SELECT COUNT(*) FROM at_unattributed_next)
  FROM cfg_tenant_settings s WHERE s.id = 1;
  CALL at_swap_in('at_swap_attribution');
  DROP TABLE IF EXISTS at_milestones_next, at_stage_anchors_work, at_positions_work;
END//
DELIMITER ;
