-- Campaign and channel analytics per fiscal quarter (the tenant's an_campaign_quarter and
-- an_channel_quarter), so the pages can show a date range and a comparison period; and the month the
-- tenant's fiscal year starts, so a page knows which fiscal quarter its as-of date falls in ("this
-- quarter"). NULL: published before it was kept.
CREATE TABLE web_campaign_quarter (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  PRIMARY KEY (tenant_id, version, filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

CREATE TABLE web_channel_quarter (
  tenant_id                VARCHAR(31)   NOT NULL,
  version                  BIGINT        NOT NULL,
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  channel                  VARCHAR(80)   NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  PRIMARY KEY (tenant_id, version, filter_name, stage, model, channel, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

ALTER TABLE web_publications
  ADD COLUMN fiscal_year_start_month INT NULL;
