-- MySQL → eg_campaigns: each campaign's channel, which a touch's weight and channel follow.
SELECT campaign_id, channel FROM cn_campaigns
