-- Every model of a published version with the parameters it ran with (the tenant's at_model_weights,
-- resolved: a position model without weights of its own shows the tenant's X-Y-X), so the pages,
-- the API and the console name and define a model the same way (web Glossary) and say what a
-- tenant's own model does.
CREATE TABLE web_models (
  tenant_id                 VARCHAR(31)   NOT NULL,
  version                   BIGINT        NOT NULL,
  model                     VARCHAR(16)   NOT NULL,
  kind                      VARCHAR(16)   NOT NULL,
  first_weight              DOUBLE        NULL,
  middle_weight             DOUBLE        NULL,
  last_weight               DOUBLE        NULL,
  pipeline_milestone_weight DOUBLE        NULL,
  revenue_milestone_weight  DOUBLE        NULL,
  closed_won_milestone      TINYINT       NULL,
  half_life_days            DOUBLE        NULL,
  PRIMARY KEY (tenant_id, version, model)
) ENGINE=InnoDB;
