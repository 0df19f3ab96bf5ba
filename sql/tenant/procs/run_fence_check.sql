-- Refuses a write (p_what names it) unless this session's run holds the fence: @bfw_run and
-- @bfw_epoch, set by the run on each connection it writes on, are the fence's run and epoch, and
-- its lease has not passed on this server's clock. A session with no run (a console command, a
-- migration) may write only while no run's lease holds the tenant. Errors carry MYSQL_ERRNO
-- 45101, which the orchestrator reads as "this run has lost the tenant". Callers hold the fence
-- lock (run_fence_swap), so no claim can slip in between the check and the write.
DROP PROCEDURE IF EXISTS run_fence_check;
DELIMITER //
CREATE PROCEDURE run_fence_check(IN p_what VARCHAR(255))
BEGIN
  DECLARE v_run BIGINT;
  DECLARE v_epoch BIGINT;
  DECLARE v_lease DATETIME(6);
  DECLARE v_message VARCHAR(512);
  SELECT run_id, epoch, lease_until INTO v_run, v_epoch, v_lease FROM run_fence WHERE id = 1;
  IF @bfw_run IS NULL THEN
    IF v_lease >= UTC_TIMESTAMP(6) THEN
      SET v_message = CONCAT('fenced: ', p_what, ' refused: run ', v_run, ' holds the tenant until ', v_lease, ' UTC, and this session belongs to no run');
      SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 45101, MESSAGE_TEXT = v_message;
    END IF;
  ELSEIF NOT (v_run <=> @bfw_run AND v_epoch <=> @bfw_epoch) THEN
    SET v_message = CONCAT('fenced: ', p_what, ' refused: run ', @bfw_run, ' (epoch ', @bfw_epoch, ') no longer holds the tenant; run ',
                           COALESCE(v_run, '?'), ' (epoch ', v_epoch, ') took it at ', COALESCE(v_lease, '?'));
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 45101, MESSAGE_TEXT = v_message;
  ELSEIF v_lease IS NULL OR v_lease < UTC_TIMESTAMP(6) THEN
    SET v_message = CONCAT('fenced: ', p_what, ' refused: run ', @bfw_run, ' lost its lease at ', COALESCE(v_lease, '?'), ' UTC');
    SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 45101, MESSAGE_TEXT = v_message;
  END IF;
END//
DELIMITER ;
