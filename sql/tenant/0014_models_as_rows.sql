-- Every model is a row, whatever its kind. Until now a milestone or time-decay model was a row
-- whose rule the SQL wrote out by name (w_shaped counted three milestones, full_path four; one
-- half-life for the tenant). The two things that set those models apart become columns, so a new
-- model of any kind is one INSERT into at_models: every pivot over the models in both engines is
-- written out from this table (the model loops of sql/tenant/procs and sql/impala, see
-- docs/attribution.md, "Adding a model"), and every weight is read from at_model_weights.
--
-- closed_won_milestone  milestone models: 0 counts first touch, lead creation and opportunity
--                       creation; 1 counts closed won too, in the revenue stage (tN).
-- half_life_days        time-decay models: the half-life in days; NULL takes the tenant's
--                       time_decay_half_life_days.
-- display_order         the order models are shown in and their columns are written in; NULL (a
--                       model added later need not say) comes after, by name.
ALTER TABLE at_models
  ADD COLUMN closed_won_milestone TINYINT  NULL,
  ADD COLUMN half_life_days       DOUBLE   NULL,
  ADD COLUMN display_order        SMALLINT NULL;

UPDATE at_models SET display_order = FIELD(model, 'first_touch', 'last_touch', 'linear', 'u_shaped', 'j_shaped', 'inverse_j',
                                                  'custom_xyx', 'w_shaped', 'full_path', 'time_decay');

UPDATE at_models SET closed_won_milestone = 0 WHERE kind = 'milestone';
UPDATE at_models SET closed_won_milestone = 1 WHERE kind = 'milestone' AND model = 'full_path';

ALTER TABLE at_models
  ADD CONSTRAINT ck_at_models_closed_won
    CHECK ((kind = 'milestone') = (closed_won_milestone IS NOT NULL) AND COALESCE(closed_won_milestone, 0) IN (0, 1)),
  -- the milestones a stage counts leave a rest of at least 0 for the touches holding none
  ADD CONSTRAINT ck_at_models_milestone_rest
    CHECK (kind <> 'milestone' OR revenue_milestone_weight * (3 + closed_won_milestone) <= 1),
  ADD CONSTRAINT ck_at_models_half_life
    CHECK (half_life_days IS NULL OR (kind = 'time_decay' AND half_life_days > 0));

-- Every model with every parameter it uses in this tenant: a position model without weights of its
-- own takes the tenant's X-Y-X in percent, a time-decay model without a half-life the tenant's.
-- The one place those resolutions are written; the MySQL procedures read this view and the Impala
-- offload stages it (sql/impala/attribute/inputs).
CREATE OR REPLACE SQL SECURITY INVOKER VIEW at_model_weights AS
SELECT m.model, m.kind,
       CASE WHEN m.kind = 'position' AND m.first_weight IS NULL THEN s.custom_x / 100e0 ELSE m.first_weight END AS first_weight,
       CASE WHEN m.kind = 'position' AND m.middle_weight IS NULL THEN s.custom_y / 100e0 ELSE m.middle_weight END AS middle_weight,
       CASE WHEN m.kind = 'position' AND m.last_weight IS NULL THEN s.custom_x / 100e0 ELSE m.last_weight END AS last_weight,
       m.pipeline_milestone_weight, m.revenue_milestone_weight, m.closed_won_milestone,
       CASE WHEN m.kind = 'time_decay' THEN COALESCE(m.half_life_days, s.time_decay_half_life_days) END AS half_life_days
FROM at_models m
LEFT JOIN cfg_tenant_settings s ON s.id = 1;
