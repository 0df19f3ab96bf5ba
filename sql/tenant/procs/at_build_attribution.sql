-- The attribute step on the MySQL engine: person accounts, path positions, every pair with its shares (with the invariant check),
-- unattributed opportunities, then one atomic swap. A failure before the swap leaves the
-- previous attribution in place.
DROP PROCEDURE IF EXISTS at_build_attribution;
DELIMITER //
CREATE PROCEDURE at_build_attribution(IN p_run_id BIGINT)
BEGIN
  CALL at_build_person_accounts();
  CALL at_build_paths();
  CALL at_build_credits();
  CALL at_build_unattributed();
  CALL at_swap_attribution('mysql', p_run_id);
END//
DELIMITER ;
