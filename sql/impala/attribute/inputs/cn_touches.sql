-- MySQL (tenant database) → staged as Parquet table cn_touches. Dates travel as day numbers
-- (TO_DAYS) so the Impala SQL does plain integer arithmetic on them.
SELECT touch_id, campaign_id, person_id, TO_DAYS(touch_date) AS touch_day FROM cn_touches
