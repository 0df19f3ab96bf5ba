-- The weeks of the accounts in a target account list (an_target_account_weeks in MySQL), every one:
-- analytics/an_target_account_weeks.sql copies back the recent ones the lists' side reads, and
-- analytics/an_target_account_weeks_packed.sql all of them, packed per account for the page.
-- Their measures are counted here, from the listed accounts' signals alone (eg_account_weeks keeps
-- only what every account needs), as an_week_points_work counts them in MySQL.
CREATE TABLE eg_target_weeks STORED AS PARQUET AS
SELECT w.account_id, w.week_day,
       COALESCE(m.people_engaged, 0) AS people_engaged, COALESCE(m.campaign_touches, 0) AS campaign_touches,
       COALESCE(m.web_sessions, 0) AS web_sessions, COALESCE(m.page_views, 0) AS page_views,
       COALESCE(m.new_leads, 0) AS new_leads, COALESCE(m.new_contacts, 0) AS new_contacts,
       COALESCE(m.opps_opened, 0) AS opps_opened, COALESCE(m.pipeline_opened, CAST(0 AS DECIMAL(20,2))) AS pipeline_opened,
       w.points, w.score, w.trailing_mean, w.trailing_sd, w.is_spike
FROM eg_account_weeks w
JOIN eg_list_accounts l ON l.account_id = w.account_id -- one row per account (DISTINCT)
LEFT JOIN (
  SELECT s.account_id, s.week_day,
         COUNT(DISTINCT CASE WHEN s.kind IN ('touch', 'web') THEN s.person_id END) AS people_engaged,
         SUM(CASE WHEN s.kind = 'touch' THEN s.events ELSE 0 END) AS campaign_touches,
         SUM(CASE WHEN s.kind = 'web' THEN s.events ELSE 0 END) AS web_sessions,
         SUM(CASE WHEN s.kind = 'web' THEN s.page_views ELSE 0 END) AS page_views,
         SUM(CASE WHEN s.kind = 'lead' THEN s.events ELSE 0 END) AS new_leads,
         SUM(CASE WHEN s.kind = 'contact' THEN s.events ELSE 0 END) AS new_contacts,
         SUM(CASE WHEN s.kind = 'opportunity' THEN s.events ELSE 0 END) AS opps_opened,
         SUM(CASE WHEN s.kind = 'opportunity' THEN s.amount ELSE CAST(0 AS DECIMAL(20,2)) END) AS pipeline_opened
  FROM eg_signals s
  JOIN eg_list_accounts sl ON sl.account_id = s.account_id
  GROUP BY s.account_id, s.week_day
) m ON m.account_id = w.account_id AND m.week_day = w.week_day
