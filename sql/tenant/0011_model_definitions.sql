-- Attribution models as data: at_models (one row per model, 0007) now also says how each model
-- shares an opportunity's credit, and both engines read their weights from here, never from a
-- literal (at_build_credits on MySQL; sql/impala/attribute/at_paths.sql through the staged input
-- at_model_weights). The rules are docs/attribution.md, "Models".
--
-- kind             how the shares are computed from the weights:
--   first_touch, last_touch, linear, time_decay   no weights
--   position       N = 1 → 1; N = 2 → F/(F+L) and L/(F+L); N ≥ 3 → F to t1, L to tN, M/(N-2) to
--                  each middle touch. F, M, L = first_weight, middle_weight, last_weight.
--                  NULL weights: the tenant's own X-Y-X (custom_x, custom_y of cfg_tenant_settings),
--                  filled in by the view at_model_weights.
--   milestone      a touch holding k milestones takes k × the stage's milestone weight; touches
--                  holding none share what is left evenly; when every touch holds one, k / number
--                  of milestones. Which milestones a model counts is its SQL (full_path adds closed
--                  won in the revenue stage); the weight per milestone is pipeline_milestone_weight
--                  or revenue_milestone_weight.
ALTER TABLE at_models
  ADD COLUMN kind                      VARCHAR(16) NOT NULL DEFAULT 'position',
  ADD COLUMN first_weight              DOUBLE      NULL,
  ADD COLUMN middle_weight             DOUBLE      NULL,
  ADD COLUMN last_weight               DOUBLE      NULL,
  ADD COLUMN pipeline_milestone_weight DOUBLE      NULL,
  ADD COLUMN revenue_milestone_weight  DOUBLE      NULL,
  ADD CONSTRAINT ck_at_models_kind
    CHECK (kind IN ('first_touch', 'last_touch', 'linear', 'position', 'milestone', 'time_decay')),
  ADD CONSTRAINT ck_at_models_position_weights
    CHECK (kind <> 'position'
           OR (first_weight IS NULL AND middle_weight IS NULL AND last_weight IS NULL)
           OR (first_weight > 0 AND middle_weight >= 0 AND last_weight > 0
               AND ABS(first_weight + middle_weight + last_weight - 1) < 1e-9)),
  -- every milestone model counts at least three milestones (first touch, lead and opportunity
  -- creation); whether the weights leave the rest of 1 is the attribute step's invariant
  ADD CONSTRAINT ck_at_models_milestone_weights
    CHECK (kind <> 'milestone'
           OR (pipeline_milestone_weight > 0 AND revenue_milestone_weight > 0
               AND pipeline_milestone_weight * 3 <= 1 AND revenue_milestone_weight * 3 <= 1));

UPDATE at_models SET kind = model WHERE model IN ('first_touch', 'last_touch', 'linear', 'time_decay');
UPDATE at_models SET first_weight = 0.4, middle_weight = 0.2, last_weight = 0.4 WHERE model = 'u_shaped';
UPDATE at_models SET first_weight = 0.2, middle_weight = 0.2, last_weight = 0.6 WHERE model = 'j_shaped';
UPDATE at_models SET first_weight = 0.6, middle_weight = 0.2, last_weight = 0.2 WHERE model = 'inverse_j';
-- custom_xyx: kind position, weights NULL, i.e. the tenant's X-Y-X.
UPDATE at_models SET kind = 'milestone', pipeline_milestone_weight = 0.3, revenue_milestone_weight = 0.3 WHERE model = 'w_shaped';
UPDATE at_models SET kind = 'milestone', pipeline_milestone_weight = 0.3, revenue_milestone_weight = 0.225 WHERE model = 'full_path';
ALTER TABLE at_models ALTER COLUMN kind DROP DEFAULT;

-- Every model with the weights it uses in this tenant: a position model without weights of its
-- own takes the tenant's X-Y-X in percent. The one place that resolution is written; the MySQL
-- procedure reads this view and the Impala offload stages it (sql/impala/attribute/inputs).
CREATE SQL SECURITY INVOKER VIEW at_model_weights AS
SELECT m.model, m.kind,
       CASE WHEN m.kind = 'position' AND m.first_weight IS NULL THEN s.custom_x / 100e0 ELSE m.first_weight END AS first_weight,
       CASE WHEN m.kind = 'position' AND m.middle_weight IS NULL THEN s.custom_y / 100e0 ELSE m.middle_weight END AS middle_weight,
       CASE WHEN m.kind = 'position' AND m.last_weight IS NULL THEN s.custom_x / 100e0 ELSE m.last_weight END AS last_weight,
       m.pipeline_milestone_weight, m.revenue_milestone_weight
FROM at_models m
LEFT JOIN cfg_tenant_settings s ON s.id = 1;
