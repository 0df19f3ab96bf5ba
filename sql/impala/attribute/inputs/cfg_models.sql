-- MySQL (tenant database) → staged as Parquet table cfg_models: the models enabled for the tenant.
SELECT value AS model FROM cfg_tenant_list WHERE list_name = 'models'
