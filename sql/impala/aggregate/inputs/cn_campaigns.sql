-- MySQL (tenant database) → staged as Parquet table cn_campaigns: each campaign's channel, which
-- influence is recounted by.
SELECT campaign_id, channel FROM cn_campaigns
