-- Empties the engage step's work tables once their results are in (the step's end, the console's
-- list preview): rows left in a work table mean a run died there (RunLeftovers), so none are left.
DROP PROCEDURE IF EXISTS an_clear_engagement_work;
DELIMITER //
CREATE PROCEDURE an_clear_engagement_work()
BEGIN
  TRUNCATE TABLE an_list_members_work;
  TRUNCATE TABLE an_list_entry_matches_work;
  TRUNCATE TABLE an_account_hosts_work;
  TRUNCATE TABLE an_signals_work;
  TRUNCATE TABLE an_week_points_work;
  TRUNCATE TABLE an_week_scores_work;
  TRUNCATE TABLE an_week_trailing_work;
END//
DELIMITER ;
