-- MySQL (tenant database) → staged as Parquet table web_opportunities: each opportunity's account and
-- created day (TO_DAYS), for the pages its people viewed before it was created.
SELECT opportunity_id, account_id, TO_DAYS(created_date) AS created_day FROM cn_opportunities
WHERE account_id IS NOT NULL AND created_date IS NOT NULL
