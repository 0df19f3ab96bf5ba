-- MySQL (tenant database) → staged as Parquet table at_model_weights: the milestone models' weight
-- per milestone in each stage (the view of migration 0011 over at_models), so the Impala SQL takes
-- no weight literal. Position models travel as slot weights instead (at_position_slot_weights).
SELECT model, kind, pipeline_milestone_weight, revenue_milestone_weight
FROM at_model_weights
WHERE kind = 'milestone'
