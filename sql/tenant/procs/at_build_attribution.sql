-- The attribute step's build on the MySQL engine: person accounts, path positions, every pair with
-- its shares, unattributed opportunities, all into shadow tables (*_next). The engine then checks
-- the shares invariant both engines share (sql/shared/at_credits_invariant.sql) and calls
-- at_swap_attribution, one atomic, fenced swap; a failure before it leaves the previous attribution
-- in place (MySqlAttributionEngine).
DROP PROCEDURE IF EXISTS at_build_attribution;
DELIMITER //
CREATE PROCEDURE at_build_attribution()
BEGIN
  CALL at_build_person_accounts();
  CALL at_build_paths();
  CALL at_build_credits();
  CALL at_build_unattributed();
END//
DELIMITER ;
