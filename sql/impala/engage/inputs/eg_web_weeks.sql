-- MySQL → eg_web_weeks: the identified web sessions per account, person, week and channel that the
-- web step copied back (an_web_account_weeks; empty without web activity).
SELECT account_id, person_id, TO_DAYS(week_start) AS week_day, channel, sessions, page_views FROM an_web_account_weeks
