-- The tenant's configuration as the procedures read it. The configuration itself is versioned
-- in bf_control.tenant_config; the cycle copies the version in force here before the
-- procedures run, so every procedure of a run sees the same settings.

CREATE TABLE cfg_tenant_settings (
  id                      TINYINT      NOT NULL PRIMARY KEY,   -- always 1
  config_version          INT          NOT NULL,
  revenue_field           VARCHAR(80)  NOT NULL,
  cost_field              VARCHAR(80)  NOT NULL,
  channel_field           VARCHAR(80)  NOT NULL,
  account_tier_field      VARCHAR(80)  NOT NULL,
  fiscal_year_start_month TINYINT      NOT NULL,
  time_zone               VARCHAR(64)  NOT NULL,
  influence_path          VARCHAR(32)  NOT NULL,
  lookback_days           INT          NOT NULL,
  time_decay_half_life_days DOUBLE     NOT NULL,
  custom_x                INT          NOT NULL,
  custom_y                INT          NOT NULL,
  min_match_confidence    VARCHAR(8)   NOT NULL,
  uses_stage_mapping      TINYINT(1)   NOT NULL,
  uses_responded_statuses TINYINT(1)   NOT NULL
) ENGINE=InnoDB;

-- List-valued settings: responded_statuses, closed_won_stages, closed_lost_stages, models.
CREATE TABLE cfg_tenant_list (
  list_name               VARCHAR(32)  NOT NULL,
  value                   VARCHAR(120) NOT NULL,
  PRIMARY KEY (list_name, value)
) ENGINE=InnoDB;
