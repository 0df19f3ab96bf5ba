-- → MySQL an_account_weeks_next: the weeks of the accounts in a target account list. Every other
-- account's weeks stay on the cluster (docs/abm.md): nothing shows them, and at L they are millions.
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT w.account_id, w.week_day, w.people_engaged, w.campaign_touches, w.web_sessions, w.page_views,
       w.new_leads, w.new_contacts, w.opps_opened, w.pipeline_opened, w.points, w.score,
       w.trailing_mean, w.trailing_sd, w.is_spike
FROM eg_account_weeks w
JOIN eg_list_accounts l ON l.account_id = w.account_id -- one row per account (DISTINCT)
ORDER BY w.account_id, w.week_day
