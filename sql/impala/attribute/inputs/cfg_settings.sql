-- MySQL (tenant database) → staged as Parquet table cfg_settings: the one row of the tenant's
-- attribution settings, staged as data so the Impala SQL takes no literal from the config.
SELECT influence_path, lookback_days, time_decay_half_life_days AS half_life_days,
       custom_x / 100e0 AS custom_x_share, custom_y / 100e0 AS custom_y_share
FROM cfg_tenant_settings WHERE id = 1
