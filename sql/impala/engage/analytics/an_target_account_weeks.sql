-- → MySQL an_target_account_weeks_next: the listed accounts' weeks from 13 weeks (91 days) before the
-- tenant's last week with points on, all that the lists' side reads (the sparkline's 13 weeks, the
-- fiscal quarter that week is in, its score); as an_build_target_account_weeks keeps them in MySQL.
-- Every week of theirs goes back packed (an_target_account_weeks_packed.sql); every account's weeks
-- stay on the cluster (docs/abm.md): nothing else shows them, and at L they are millions.
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT t.account_id, t.week_day, t.people_engaged, t.campaign_touches, t.web_sessions, t.page_views, t.new_leads, t.new_contacts,
       t.opps_opened, t.pipeline_opened, t.points, t.score, t.trailing_mean, t.trailing_sd, t.is_spike
FROM eg_target_weeks t
CROSS JOIN (SELECT MAX(CASE WHEN points > 0 THEN week_day END) AS last_day FROM eg_account_weeks) l
WHERE t.week_day >= l.last_day - 91
ORDER BY t.account_id, t.week_day
