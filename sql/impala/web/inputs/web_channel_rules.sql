-- MySQL (tenant database) → staged as Parquet table web_channel_rules: the tenant's channel rules
-- in order (cfg_web_channel_rules), first match wins.
SELECT rule_no, channel, channel_name FROM cfg_web_channel_rules
