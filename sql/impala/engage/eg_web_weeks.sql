-- The web step's identified sessions per account, person, week and channel, as published in the
-- tenant's database (web_account_weeks): read where they are instead of staged again from MySQL's
-- copy. A tenant without web activity has no such view: eg_web_weeks_none.sql stands in.
CREATE VIEW eg_web_weeks AS
SELECT account_id, person_id, week_day, channel, sessions, page_views FROM ${var:tenant_db}.web_account_weeks
