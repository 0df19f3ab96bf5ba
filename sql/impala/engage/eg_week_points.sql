-- Every account week with a signal: its points and its measures, in one pass over the signals
-- (MySQL: an_week_points_work).
CREATE TABLE eg_week_points STORED AS PARQUET AS
SELECT account_id, week_day, SUM(points) AS points,
       COUNT(DISTINCT CASE WHEN kind IN ('touch', 'web') THEN person_id END) AS people_engaged,
       SUM(CASE WHEN kind = 'touch' THEN events ELSE 0 END) AS campaign_touches,
       SUM(CASE WHEN kind = 'web' THEN events ELSE 0 END) AS web_sessions,
       SUM(CASE WHEN kind = 'web' THEN page_views ELSE 0 END) AS page_views,
       SUM(CASE WHEN kind = 'lead' THEN events ELSE 0 END) AS new_leads,
       SUM(CASE WHEN kind = 'contact' THEN events ELSE 0 END) AS new_contacts,
       SUM(CASE WHEN kind = 'opportunity' THEN events ELSE 0 END) AS opps_opened,
       SUM(CASE WHEN kind = 'opportunity' THEN amount ELSE CAST(0 AS DECIMAL(20,2)) END) AS pipeline_opened
FROM eg_signals
GROUP BY account_id, week_day
