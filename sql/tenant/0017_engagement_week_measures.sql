-- an_week_points_work keeps each account week's measures beside its points, so
-- an_build_account_weeks reads the signals once (measures and points in one GROUP BY) instead of
-- twice. 0016 already creates them in its released text; a database whose 0016 came from the
-- earlier text (account, week and points only) gets them here. IF NOT EXISTS: a no-op otherwise.
ALTER TABLE an_week_points_work
  ADD COLUMN IF NOT EXISTS people_engaged    BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS campaign_touches  BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS web_sessions      BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS page_views        BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS new_leads         BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS new_contacts      BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS opps_opened       BIGINT         NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS pipeline_opened   DECIMAL(20,2)  NOT NULL DEFAULT 0;
