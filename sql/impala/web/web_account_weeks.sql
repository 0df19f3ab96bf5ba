-- This run's identified sessions per account (web_person_accounts: the account each person counts
-- for), person, ISO week (the Monday it starts on, as a day number; see an_web_channel_weeks) and
-- channel display name: sessions and page views (bfw_<tenant>.web_account_weeks_r<run>; the view
-- web_account_weeks points at it once the run publishes). The engage step on the cluster reads the
-- view beside the campaign touches (docs/abm.md); MySQL gets a copy (an_web_account_weeks) for the
-- engage step's procedures and the account journeys.
CREATE TABLE ${var:tenant_db}.web_account_weeks_r${var:run} STORED AS PARQUET AS
SELECT pa.account_id,
       s.person_id,
       s.start_day - ((s.start_day - 719528 + 3) % 7) AS week_day,
       s.channel_name AS channel,
       COUNT(*) AS sessions,
       SUM(s.page_views) AS page_views
FROM ${var:tenant_db}.web_sessions_r${var:run} s
JOIN web_person_accounts pa ON pa.person_id = s.person_id
GROUP BY pa.account_id, s.person_id, s.start_day - ((s.start_day - 719528 + 3) % 7), s.channel_name
