-- Releases the tenant's fence lock run_fence_lock took; harmless when this session does not hold it.
DROP PROCEDURE IF EXISTS run_fence_unlock;
DELIMITER //
CREATE PROCEDURE run_fence_unlock()
BEGIN
  DO RELEASE_LOCK(CONCAT('bfw.fence.', DATABASE()));
END//
DELIMITER ;
