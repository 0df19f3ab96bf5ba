-- Published analytics, one copy per (tenant, version). A publish loads a new version beside
-- the one in force, then moves the tenant's pointer in web_publications in one committed
-- update; the *_current views are what the web app reads, so a reader sees the old version or
-- the new one, never a mix and never nothing. Older versions are deleted after the switch.

CREATE TABLE web_campaign (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,
  campaign_name            VARCHAR(255)  NULL,
  channel                  VARCHAR(80)   NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  touches                  BIGINT        NOT NULL,
  cost                     DECIMAL(18,2) NULL,
  roi                      DOUBLE        NULL,
  PRIMARY KEY (tenant_id, version, filter_name, stage, model, campaign_id)
) ENGINE=InnoDB;

CREATE TABLE web_channel (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
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
  PRIMARY KEY (tenant_id, version, filter_name, stage, model, channel)
) ENGINE=InnoDB;

CREATE TABLE web_quarter (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
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
  PRIMARY KEY (tenant_id, version, filter_name, stage, model, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

CREATE TABLE web_account (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
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
  PRIMARY KEY (tenant_id, version, filter_name, account_id)
) ENGINE=InnoDB;

CREATE VIEW web_campaign_current AS
  SELECT w.* FROM web_campaign w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_channel_current AS
  SELECT w.* FROM web_channel w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_quarter_current AS
  SELECT w.* FROM web_quarter w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_account_current AS
  SELECT w.* FROM web_account w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
