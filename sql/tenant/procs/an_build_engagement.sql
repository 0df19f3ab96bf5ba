-- The engage step in MySQL (docs/abm.md): signals, weekly engagement and spikes for every account,
-- then the lists' side (an_build_list_engagement), swapped in at once. The caller wrote
-- cfg_abm_lists, cfg_abm_list_entries and the rule lists' members into an_list_members_work, and
-- runs it with tmp_table_size and max_heap_table_size raised (EngageStep), so the GROUP BYs'
-- internal temporary tables stay in memory (the 16 MB defaults sent an M tenant's to disk: 79 s).
DROP PROCEDURE IF EXISTS an_build_engagement;
DELIMITER //
CREATE PROCEDURE an_build_engagement(IN p_run_id BIGINT, IN p_run_date DATE)
BEGIN
  DECLARE v_last DATE;
  CALL an_build_list_members();
  CALL an_build_signals();
  CALL an_build_account_weeks();
  CALL an_build_account_spikes();
  SELECT MAX(week_start) INTO v_last FROM an_account_weeks_next WHERE points > 0;
  CALL an_build_list_engagement(p_run_id, p_run_date, v_last);
END//
DELIMITER ;
