-- The engage step's heavy half in MySQL (docs/abm.md): signals, weekly engagement and spikes for
-- every account into the _next tables, and the listed accounts' weeks among them (the cluster copies
-- back those alone). The caller (EngageStep) evaluated the lists' members before
-- (an_build_list_members) and builds the lists' side after (an_build_list_engagement, which swaps it
-- all in), the same on both engines; it runs this with tmp_table_size and max_heap_table_size raised,
-- so the GROUP BYs' internal temporary tables stay in memory (the 16 MB defaults sent an M tenant's
-- to disk: 79 s).
DROP PROCEDURE IF EXISTS an_build_engagement;
DELIMITER //
CREATE PROCEDURE an_build_engagement()
BEGIN
  CALL an_build_signals();
  CALL an_build_account_weeks();
  CALL an_build_account_spikes();
  CALL an_build_target_account_weeks();
END//
DELIMITER ;
