-- A run takes the tenant: the fence becomes (p_run_id, p_epoch) with a lease of p_lease_micros
-- from now, under the fence lock so that no swap is between its check and its rename. Only a
-- higher epoch than the fence's takes it (epochs come from bf_control, one more per run start of
-- the tenant): a late claim of an older run changes nothing and is refused.
DROP PROCEDURE IF EXISTS run_fence_claim;
DELIMITER //
CREATE PROCEDURE run_fence_claim(IN p_run_id BIGINT, IN p_epoch BIGINT, IN p_lease_micros BIGINT)
BEGIN
  DECLARE v_message VARCHAR(512);
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    CALL run_fence_unlock();
    RESIGNAL;
  END;
  CALL run_fence_lock();
  UPDATE run_fence SET run_id = p_run_id, epoch = p_epoch, lease_until = UTC_TIMESTAMP(6) + INTERVAL p_lease_micros MICROSECOND,
                       claimed_at = UTC_TIMESTAMP(6)
  WHERE id = 1 AND epoch < p_epoch;
  IF ROW_COUNT() = 0 THEN
    SELECT CONCAT('fenced: run ', p_run_id, ' (epoch ', p_epoch, ') may not take the tenant: run ', COALESCE(run_id, '?'), ' holds epoch ', epoch)
    INTO v_message FROM run_fence WHERE id = 1;
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 45101, MESSAGE_TEXT = v_message;
  END IF;
  CALL run_fence_unlock();
END//
DELIMITER ;
