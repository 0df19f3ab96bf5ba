-- This run's web touches (bfw_<tenant>.web_touches_r<run>; the view web_touches points at them once
-- the run publishes), in the shape of the attribute step's staged cn_touches: one per session that
-- is a touch, dated at its session's start (a day number in the tenant's time zone).
CREATE TABLE ${var:tenant_db}.web_touches_r${var:run} STORED AS PARQUET AS
SELECT session_id AS touch_id, touch_campaign_id AS campaign_id, person_id, start_day AS touch_day
FROM ${var:tenant_db}.web_sessions_r${var:run}
WHERE is_touch = 1
