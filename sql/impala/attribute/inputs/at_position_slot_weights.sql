-- MySQL (tenant database) → staged as Parquet table at_position_slot_weights: every position
-- model's weight per slot of a path (the view of migration 0012, where the position rule is
-- written once), so the Impala SQL neither repeats the rule nor names a position model.
SELECT model, only_weight, first_of_two_weight, last_of_two_weight, first_weight, middle_weight, last_weight
FROM at_position_slot_weights
