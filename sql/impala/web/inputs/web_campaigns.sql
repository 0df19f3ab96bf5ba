-- MySQL (tenant database) → staged as Parquet table web_campaigns: the campaigns a utm_campaign may
-- name, by id (18 characters, or its 15-character form) or by exact name.
SELECT campaign_id, LEFT(campaign_id, 15) AS campaign_id15, name FROM cn_campaigns
