-- Takes the tenant's fence lock (GET_LOCK bfw.fence.<database>, server-wide) for a claim or a
-- swap, so that no claim lands between a swap's check and its rename; waits up to 60 s, then
-- refuses with MYSQL_ERRNO 45101. Callers release it with run_fence_unlock, also in their error
-- handler: a session keeps a named lock until it releases it or ends.
DROP PROCEDURE IF EXISTS run_fence_lock;
DELIMITER //
CREATE PROCEDURE run_fence_lock()
BEGIN
  IF GET_LOCK(CONCAT('bfw.fence.', DATABASE()), 60) IS NOT TRUE THEN
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 45101, MESSAGE_TEXT = 'fenced: could not take the tenant''s fence lock within 60 s (a claim or a swap holds it)';
  END IF;
END//
DELIMITER ;
