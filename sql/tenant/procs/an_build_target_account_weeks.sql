-- an_target_account_weeks_next: the weeks of the accounts in a list (an_list_members_work), from
-- every account's weeks just built (an_account_weeks_next). On engine impala the cluster copies
-- these weeks back into an_target_account_weeks_next itself and every account's stay there.
DROP PROCEDURE IF EXISTS an_build_target_account_weeks;
DELIMITER //
CREATE PROCEDURE an_build_target_account_weeks()
BEGIN
  DROP TABLE IF EXISTS an_target_account_weeks_next;
  CREATE TABLE an_target_account_weeks_next LIKE an_target_account_weeks;
  INSERT INTO an_target_account_weeks_next
  SELECT w.* FROM an_account_weeks_next w
  WHERE w.account_id IN (SELECT account_id FROM an_list_members_work);
END//
DELIMITER ;
