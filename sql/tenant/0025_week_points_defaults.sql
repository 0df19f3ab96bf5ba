-- an_week_points_work's measures, one definition whichever text of 0016 a database applied: the
-- first release created the table with account, week and points only, and 0017 added the measures
-- with DEFAULT 0; the later text of 0016 creates them without a default (0017 is then a no-op).
-- MODIFY gives both the same columns; an_build_account_weeks writes every column, so no row depends on it.
ALTER TABLE an_week_points_work
  MODIFY COLUMN people_engaged    BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN campaign_touches  BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN web_sessions      BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN page_views        BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN new_leads         BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN new_contacts      BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN opps_opened       BIGINT         NOT NULL DEFAULT 0,
  MODIFY COLUMN pipeline_opened   DECIMAL(20,2)  NOT NULL DEFAULT 0;
