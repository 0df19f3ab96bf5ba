-- The Impala engine's swap, once run p_run_id has built its attribution on the cluster (tables
-- in p_database its views are pointed at): at_person_accounts_next goes in (the analytics read
-- it here), at_paths, at_position_weights and at_unattributed become empty, and at_build_info
-- says where the pairs are, all in one fenced RENAME TABLE (at_swap_in; the pairs live on the
-- cluster, no reader may take stale ones from here). A run that no longer holds the tenant swaps
-- nothing, and at_build_info keeps naming the run whose attribution is in force.
DROP PROCEDURE IF EXISTS at_swap_cluster_attribution;
DELIMITER //
CREATE PROCEDURE at_swap_cluster_attribution(IN p_database VARCHAR(64), IN p_run_id BIGINT, IN p_path_rows BIGINT,
                                             IN p_unattributed_rows BIGINT, IN p_credit_rows BIGINT)
BEGIN
  ANALYZE TABLE at_person_accounts_next;
  DROP TABLE IF EXISTS at_paths_next, at_position_weights_next, at_unattributed_next, at_build_info_next;
  CREATE TABLE at_paths_next LIKE at_paths;
  CREATE TABLE at_position_weights_next LIKE at_position_weights;
  CREATE TABLE at_unattributed_next LIKE at_unattributed;
  CREATE TABLE at_build_info_next LIKE at_build_info;
  INSERT INTO at_build_info_next (id, engine, config_version, built_at, credit_rows, cluster_database, run_id, path_rows, unattributed_rows)
  SELECT 1, 'impala', s.config_version, UTC_TIMESTAMP(6), p_credit_rows, p_database, p_run_id, p_path_rows, p_unattributed_rows
  FROM cfg_tenant_settings s WHERE s.id = 1;
  CALL at_swap_in('at_swap_cluster_attribution');
END//
DELIMITER ;
