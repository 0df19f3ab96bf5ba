-- → MySQL an_web_account_weeks: this run's account weeks (web_account_weeks.sql), as built.
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT account_id, person_id, week_day, channel, sessions, page_views
FROM ${var:tenant_db}.web_account_weeks_r${var:run}
ORDER BY account_id, person_id, week_day, channel
