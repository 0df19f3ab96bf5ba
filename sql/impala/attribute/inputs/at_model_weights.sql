-- MySQL (tenant database) → staged as Parquet table at_model_weights: every parameter of the
-- milestone and time-decay models (the view of migration 0014 over at_models: weight per milestone
-- in each stage, whether closed won counts, the half-life), so the Impala SQL takes no literal.
-- Position models travel as slot weights instead (at_position_slot_weights).
SELECT model, kind, pipeline_milestone_weight, revenue_milestone_weight, closed_won_milestone, half_life_days
FROM at_model_weights
WHERE kind IN ('milestone', 'time_decay')
