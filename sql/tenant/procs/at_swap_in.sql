-- What both engines' swaps end with: the attribution tables and the at_build_info row that
-- describes them (all built as *_next by the caller) go in with one fenced RENAME TABLE
-- (run_fence_swap): readers see the old or the new attribution, never a mix, and a run that no
-- longer holds the tenant swaps nothing. p_what names the caller in a refusal.
DROP PROCEDURE IF EXISTS at_swap_in;
DELIMITER //
CREATE PROCEDURE at_swap_in(IN p_what VARCHAR(64))
BEGIN
  DROP TABLE IF EXISTS at_person_accounts_old, at_paths_old, at_position_weights_old, at_unattributed_old, at_build_info_old;
  CALL run_fence_swap(p_what, 'at_person_accounts TO at_person_accounts_old, at_person_accounts_next TO at_person_accounts,
                               at_paths TO at_paths_old, at_paths_next TO at_paths,
                               at_position_weights TO at_position_weights_old, at_position_weights_next TO at_position_weights,
                               at_unattributed TO at_unattributed_old, at_unattributed_next TO at_unattributed,
                               at_build_info TO at_build_info_old, at_build_info_next TO at_build_info');
  DROP TABLE at_person_accounts_old, at_paths_old, at_position_weights_old, at_unattributed_old, at_build_info_old;
END//
DELIMITER ;
