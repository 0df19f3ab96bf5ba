-- The engage step in MySQL (docs/abm.md): signals, weekly engagement and spikes for every account,
-- then the lists' accounts, weeks, history and journeys, swapped in at once. The caller wrote
-- cfg_abm_lists, cfg_abm_list_entries and the rule lists' members into an_list_members_work.
DROP PROCEDURE IF EXISTS an_build_engagement;
DELIMITER //
CREATE PROCEDURE an_build_engagement(IN p_run_id BIGINT, IN p_run_date DATE)
BEGIN
  DECLARE v_tmp, v_heap BIGINT UNSIGNED;
  -- The GROUP BYs' internal temporary tables stay in memory (the 16 MB defaults sent an M tenant's
  -- to disk, and its engage step took 79 s); the session's own limits come back at the end.
  SET v_tmp = @@SESSION.tmp_table_size, v_heap = @@SESSION.max_heap_table_size;
  SET @@SESSION.tmp_table_size = GREATEST(v_tmp, 1073741824), @@SESSION.max_heap_table_size = GREATEST(v_heap, 1073741824);
  CALL an_build_list_members();
  CALL an_build_signals();
  CALL an_build_account_weeks();
  CALL an_build_account_spikes();
  CALL an_build_target_accounts(p_run_id, p_run_date);
  CALL an_build_account_journey();
  CALL an_swap_engagement();
  CALL an_clear_engagement_work();
  SET @@SESSION.tmp_table_size = v_tmp, @@SESSION.max_heap_table_size = v_heap;
END//
DELIMITER ;
