-- → MySQL an_web_channel_weeks: this run's sessions per channel (display name) and ISO week (the
-- Monday it starts on, as a day number: TO_DAYS day 719528 = 1970-01-01 was a Thursday, weekday 3
-- counting Monday as 0): sessions, identified visitors (distinct visitors linked to a person), page views.
SELECT s.channel_name AS channel,
       s.start_day - ((s.start_day - 719528 + 3) % 7) AS week_day,
       COUNT(*) AS sessions,
       COUNT(DISTINCT CASE WHEN s.person_id IS NOT NULL THEN s.visitor_id END) AS identified_visitors,
       SUM(s.page_views) AS page_views
FROM ${var:tenant_db}.web_sessions_r${var:run} s
GROUP BY s.channel_name, s.start_day - ((s.start_day - 719528 + 3) % 7)
