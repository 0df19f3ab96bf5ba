-- MySQL (tenant database) → staged as Parquet table at_model_weights: every model's kind and the
-- weights it uses in this tenant (the view of migration 0011: at_models, custom_xyx taking the
-- tenant's X-Y-X), so the Impala SQL takes no weight literal.
SELECT model, kind, first_weight, middle_weight, last_weight, pipeline_milestone_weight, revenue_milestone_weight
FROM at_model_weights
