-- an_week_points_work keeps each account week's measures beside its points, so
-- an_build_account_weeks reads the signals once (measures and points in one GROUP BY) instead of
-- twice. A script of its own: 0016 is applied as it was first released.
ALTER TABLE an_week_points_work
  ADD COLUMN people_engaged    BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN campaign_touches  BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN web_sessions      BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN page_views        BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN new_leads         BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN new_contacts      BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN opps_opened       BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN pipeline_opened   DECIMAL(20,2)  NOT NULL DEFAULT 0;
