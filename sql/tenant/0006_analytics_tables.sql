-- Analytics layer, per dynamic filter ('all' = every opportunity), stage and model. Attributed
-- and influenced amounts are kept in separate columns and never added together. All tables are
-- rebuilt into *_next shadows and swapped in with one RENAME TABLE.

-- Which opportunities each filter keeps; written by the aggregate step from the compiled rules.
CREATE TABLE an_filter_scopes (
  filter_name       VARCHAR(100)  NOT NULL,
  opportunity_id    CHAR(18)      NOT NULL,
  PRIMARY KEY (filter_name, opportunity_id)
) ENGINE=InnoDB;

CREATE TABLE an_campaign (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,  -- '' on the unattributed row
  campaign_name            VARCHAR(255)  NULL,
  channel                  VARCHAR(80)   NOT NULL,  -- '(unattributed)' on the unattributed row
  attributed_amount        DOUBLE        NOT NULL,  -- sum of amount × share
  attributed_opportunities DOUBLE        NOT NULL,  -- sum of shares
  influenced_amount        DECIMAL(20,2) NOT NULL,  -- full amount of each opportunity it touched, once
  influenced_opportunities BIGINT        NOT NULL,
  touches                  BIGINT        NOT NULL,  -- distinct touches counted on those opportunities
  cost                     DECIMAL(18,2) NULL,
  roi                      DOUBLE        NULL,      -- attributed_amount / cost
  PRIMARY KEY (filter_name, stage, model, campaign_id)
) ENGINE=InnoDB;

CREATE TABLE an_channel (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  channel                  VARCHAR(80)   NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  touches                  BIGINT        NOT NULL,
  cost                     DECIMAL(20,2) NULL,
  roi                      DOUBLE        NULL,
  PRIMARY KEY (filter_name, stage, model, channel)
) ENGINE=InnoDB;

-- Fiscal quarter of the created date (pipeline) or the close date (revenue).
CREATE TABLE an_quarter (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  opportunities            BIGINT        NOT NULL,
  total_amount             DECIMAL(20,2) NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  unattributed_amount      DECIMAL(20,2) NOT NULL,
  unattributed_opportunities BIGINT      NOT NULL,
  PRIMARY KEY (filter_name, stage, model, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

-- Account engagement on the run date: touches and people engaged in the last 30/90 days.
CREATE TABLE an_account (
  filter_name              VARCHAR(100)  NOT NULL,
  account_id               CHAR(18)      NOT NULL,
  account_name             VARCHAR(255)  NULL,
  touches_30d              BIGINT        NOT NULL,
  touches_90d              BIGINT        NOT NULL,
  people_30d               BIGINT        NOT NULL,
  people_90d               BIGINT        NOT NULL,
  last_touch_date          DATE          NULL,
  open_pipeline            DECIMAL(20,2) NOT NULL,
  won_revenue              DECIMAL(20,2) NOT NULL,
  PRIMARY KEY (filter_name, account_id)
) ENGINE=InnoDB;

CREATE TABLE an_build_info (
  id                TINYINT      NOT NULL PRIMARY KEY,
  run_date          DATE         NOT NULL,
  built_at          DATETIME(6)  NOT NULL
) ENGINE=InnoDB;
