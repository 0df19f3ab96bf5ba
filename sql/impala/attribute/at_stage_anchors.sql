-- One row per opportunity and stage it is attributed in, with the window of counted days:
-- pipeline for every opportunity (anchor = created day), revenue for won opportunities with a
-- close date (anchor = close day). Days are integer day numbers (MySQL TO_DAYS), staged so
-- that date arithmetic is plain integer arithmetic on Impala and the local engine alike.
-- Mirrors at_build_paths (sql/tenant/procs) and docs/attribution.md.
CREATE TABLE at_stage_anchors STORED AS PARQUET AS
SELECT o.opportunity_id, 'pipeline' AS stage, o.account_id,
       o.created_day - s.lookback_days AS window_start, o.created_day AS anchor_day, o.created_day
FROM cn_opportunities o
CROSS JOIN cfg_settings s
UNION ALL
SELECT o.opportunity_id, 'revenue' AS stage, o.account_id,
       o.created_day - s.lookback_days AS window_start, o.close_day AS anchor_day, o.created_day
FROM cn_opportunities o
CROSS JOIN cfg_settings s
WHERE o.is_won = 1 AND o.close_day IS NOT NULL
