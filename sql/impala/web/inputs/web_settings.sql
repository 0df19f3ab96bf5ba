-- MySQL (tenant database) → staged as Parquet table web_settings: the one row of the web settings
-- the Impala SQL reads as data (the time zone travels as web_day_offsets, staged by WebStep).
SELECT web_touch_rule FROM cfg_tenant_settings WHERE id = 1
