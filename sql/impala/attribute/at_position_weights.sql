-- The position models this run's attribution is built with and their slot weights now: the
-- staged at_position_slot_weights of the models the tenant enables (cfg_models). A run table in
-- the tenant's database like at_paths_r<run>, published with it (the view at_position_weights),
-- so every reader of the pairs multiplies their slots by the weights they were built with, and a
-- weight or model changed since takes effect at the next attribute run, as on MySQL.
CREATE TABLE ${var:tenant_db}.at_position_weights_r${var:run} STORED AS PARQUET AS
SELECT w.model, w.only_weight, w.first_of_two_weight, w.last_of_two_weight, w.first_weight, w.middle_weight, w.last_weight
FROM at_position_slot_weights w
WHERE w.model IN (SELECT m.model FROM cfg_models m)
