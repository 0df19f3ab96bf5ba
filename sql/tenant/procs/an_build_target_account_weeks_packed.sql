-- an_target_account_weeks_packed_next: every week of each listed account (an_list_members_work), from
-- every account's weeks just built (an_account_weeks_next), as the target account page reads them: one
-- compressed row per account (sql/tenant/0033_packed_account_pages.sql gives the format; week_start a day number,
-- 0034_packed_weeks_as_day_numbers.sql), which
-- publish copies. On engine impala the cluster packs them (analytics/an_target_account_weeks_packed.sql).
DROP PROCEDURE IF EXISTS an_build_target_account_weeks_packed;
DELIMITER //
CREATE PROCEDURE an_build_target_account_weeks_packed()
BEGIN
  DECLARE tab, nl VARCHAR(1) CHARACTER SET utf8mb4;
  SET tab = CHAR(9 USING utf8mb4), nl = CHAR(10 USING utf8mb4);
  SET SESSION group_concat_max_len = 4294967295;
  DROP TABLE IF EXISTS an_target_account_weeks_packed_next;
  CREATE TABLE an_target_account_weeks_packed_next LIKE an_target_account_weeks_packed;
  INSERT INTO an_target_account_weeks_packed_next (account_id, weeks, series)
  SELECT account_id, COUNT(*),
         COMPRESS(GROUP_CONCAT(
           CONCAT_WS(tab, TO_DAYS(week_start), people_engaged, campaign_touches, web_sessions, page_views, new_leads, new_contacts,
                     opps_opened, pipeline_opened, points, score, trailing_mean, trailing_sd, is_spike), nl
           ORDER BY week_start SEPARATOR ''))
  FROM an_account_weeks_next
  WHERE account_id IN (SELECT account_id FROM an_list_members_work)
  GROUP BY account_id;
END//
DELIMITER ;
