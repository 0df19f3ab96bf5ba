-- → MySQL an_account_week_channels_next: the campaign and web channels of the listed accounts' weeks.
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT s.account_id, s.week_day, s.kind, s.channel, SUM(s.events) AS events, SUM(s.page_views) AS page_views,
       SUM(s.points) AS points
FROM eg_signals s
JOIN eg_list_accounts l ON l.account_id = s.account_id -- one row per account (DISTINCT)
WHERE s.kind IN ('touch', 'web')
GROUP BY s.account_id, s.week_day, s.kind, s.channel
ORDER BY s.account_id, s.week_day, s.kind, s.channel
