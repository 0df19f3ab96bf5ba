-- The one way a run swaps tables in: under the tenant's fence lock, check that the session's run
-- still holds the fence (run_fence_check), then one RENAME TABLE of p_renames ("a TO a_old,
-- a_next TO a, ..."; always literals of our own procedures, never user input). A procedure that
-- outlived its client, or a run another has superseded, swaps nothing and leaves the tables in
-- force as they were. The lock is released whatever happens.
DROP PROCEDURE IF EXISTS run_fence_swap;
DELIMITER //
CREATE PROCEDURE run_fence_swap(IN p_what VARCHAR(255), IN p_renames TEXT)
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    CALL run_fence_unlock();
    RESIGNAL;
  END;
  CALL run_fence_lock();
  CALL run_fence_check(p_what);
  SET @bfw_swap = CONCAT('RENAME TABLE ', p_renames);
  PREPARE bfw_swap FROM @bfw_swap;
  EXECUTE bfw_swap;
  DEALLOCATE PREPARE bfw_swap;
  CALL run_fence_unlock();
END//
DELIMITER ;
