-- an_target_account_weeks_next: the weeks of the accounts in a list (an_list_members_work) from 13
-- weeks (91 days) before the tenant's last week with points on, from every account's weeks just built
-- (an_account_weeks_next): what the lists' side reads (the sparkline's 13 weeks, the fiscal quarter
-- of the last week, its score). Every week of theirs goes to the page packed
-- (an_build_target_account_weeks_packed). On engine impala the cluster copies both back itself
-- (sql/impala/engage/analytics) and every account's weeks stay there.
DROP PROCEDURE IF EXISTS an_build_target_account_weeks;
DELIMITER //
CREATE PROCEDURE an_build_target_account_weeks()
BEGIN
  DECLARE v_last DATE;
  SELECT MAX(week_start) INTO v_last FROM an_account_weeks_next WHERE points > 0;
  DROP TABLE IF EXISTS an_target_account_weeks_next;
  CREATE TABLE an_target_account_weeks_next LIKE an_target_account_weeks;
  INSERT INTO an_target_account_weeks_next
  SELECT w.* FROM an_account_weeks_next w
  WHERE w.account_id IN (SELECT account_id FROM an_list_members_work) AND w.week_start >= v_last - INTERVAL 91 DAY;
  CALL an_build_target_account_weeks_packed();
END//
DELIMITER ;
