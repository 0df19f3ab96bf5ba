-- MySQL (tenant database) → staged as Parquet table cfg_settings: the one row of the tenant's
-- attribution settings, staged as data so the Impala SQL takes no literal from the config (the
-- tenant's X-Y-X travels as the weights of its position model, in at_position_slot_weights; its
-- half-life as the time-decay models' parameter, in at_model_weights).
SELECT influence_path, lookback_days
FROM cfg_tenant_settings WHERE id = 1
