-- The Impala engine's swap, once the cluster has published run p_run_id's attribution (its views
-- in p_database point at the run's tables): at_person_accounts_next goes in (the analytics read it
-- here), at_paths, at_position_weights and at_unattributed become empty in the same RENAME TABLE (the pairs live on the
-- cluster; no reader may take stale ones from here), and at_build_info says where they are.
DROP PROCEDURE IF EXISTS at_swap_cluster_attribution;
DELIMITER //
CREATE PROCEDURE at_swap_cluster_attribution(IN p_database VARCHAR(64), IN p_run_id BIGINT, IN p_path_rows BIGINT,
                                             IN p_unattributed_rows BIGINT, IN p_credit_rows BIGINT)
BEGIN
  ANALYZE TABLE at_person_accounts_next;
  DROP TABLE IF EXISTS at_person_accounts_old, at_paths_old, at_position_weights_old, at_unattributed_old,
                       at_paths_next, at_position_weights_next, at_unattributed_next;
  CREATE TABLE at_paths_next LIKE at_paths;
  CREATE TABLE at_position_weights_next LIKE at_position_weights;
  CREATE TABLE at_unattributed_next LIKE at_unattributed;
  RENAME TABLE at_person_accounts TO at_person_accounts_old, at_person_accounts_next TO at_person_accounts,
               at_paths TO at_paths_old, at_paths_next TO at_paths,
               at_position_weights TO at_position_weights_old, at_position_weights_next TO at_position_weights,
               at_unattributed TO at_unattributed_old, at_unattributed_next TO at_unattributed;
  DROP TABLE at_person_accounts_old, at_paths_old, at_position_weights_old, at_unattributed_old;
  REPLACE INTO at_build_info (id, engine, config_version, built_at, credit_rows, cluster_database, run_id, path_rows, unattributed_rows)
  SELECT 1, 'impala', s.config_version, UTC_TIMESTAMP(6), p_credit_rows, p_database, p_run_id, p_path_rows, p_unattributed_rows
  FROM cfg_tenant_settings s WHERE s.id = 1;
END//
DELIMITER ;
