-- Campaign and channel analytics per fiscal quarter, so a page can show a date range and compare it
-- with another: the quarter each stage reports in (created date for pipeline, close date for
-- revenue, as an_quarter). Every measure here adds up over quarters, since an opportunity reports in
-- one quarter per stage; distinct touches do not (one touch counts on opportunities of several
-- quarters), so they are not kept per quarter. Cost has no date: it stays one figure per campaign.

-- The aggregate step's pair-grain work (an_build_work, or the cluster), as the other work tables.
CREATE TABLE an_campaign_quarter_credit_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  PRIMARY KEY (filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

CREATE TABLE an_campaign_quarter_influence_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  PRIMARY KEY (filter_name, stage, campaign_id, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

CREATE TABLE an_channel_quarter_influence_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  channel                  VARCHAR(80)   NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  PRIMARY KEY (filter_name, stage, channel, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

-- Per filter, stage, model, campaign and quarter with a counted touch: what an_campaign holds, less
-- touches, cost and ROI. The unattributed amount per quarter is an_quarter's.
CREATE TABLE an_campaign_quarter (
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
  PRIMARY KEY (filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

CREATE TABLE an_channel_quarter (
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
  PRIMARY KEY (filter_name, stage, model, channel, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;
