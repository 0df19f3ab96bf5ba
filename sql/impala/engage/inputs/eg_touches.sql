-- MySQL (tenant database) → staged as Parquet table eg_touches: every campaign touch, its day as a
-- day number (TO_DAYS), for the engage step's signals (docs/abm.md).
SELECT person_id, campaign_id, TO_DAYS(touch_date) AS touch_day FROM cn_touches
