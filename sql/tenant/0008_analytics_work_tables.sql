-- The analytics work tables: where both attribution engines meet. The aggregate step's
-- pair-grain work (an_build_work on MySQL, or the cluster for engine = impala, which loads them
-- with LOAD DATA) fills them per filter scope (an_filter_scopes_next, 'all' included) and stage;
-- an_build_analytics composes every an_* table from them alone and empties them after. They are
-- permanent, not temporary: the Impala side loads them on its own connections.

-- an_build_analytics used to create an_credit_work and an_unattributed_work as scratch tables
-- of its own and drop them at its end; one left behind by a failed run would block the CREATE.
DROP TABLE IF EXISTS an_credit_work, an_unattributed_work, an_influence_work;

-- SUM(credit), SUM(share) of at_credits over the scope's opportunities.
CREATE TABLE an_credit_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  PRIMARY KEY (filter_name, stage, model, campaign_id)
) ENGINE=InnoDB;

-- Influence: each distinct (campaign, opportunity) of the scope's pairs counts the pair's
-- at_paths.amount once; touches = distinct touches.
CREATE TABLE an_campaign_influence_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  campaign_id              CHAR(18)      NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  touches                  BIGINT        NOT NULL,
  PRIMARY KEY (filter_name, stage, campaign_id)
) ENGINE=InnoDB;

-- The same recounted per channel (cn_campaigns.channel): an opportunity touched by two
-- campaigns of one channel counts once.
CREATE TABLE an_channel_influence_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  channel                  VARCHAR(80)   NOT NULL,
  influenced_amount        DECIMAL(20,2) NOT NULL,
  influenced_opportunities BIGINT        NOT NULL,
  PRIMARY KEY (filter_name, stage, channel)
) ENGINE=InnoDB;

-- Credits per fiscal quarter: of the created date (pipeline), of the close date (revenue).
CREATE TABLE an_quarter_credit_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  PRIMARY KEY (filter_name, stage, model, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

-- at_unattributed over the scope.
CREATE TABLE an_unattributed_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  amount                   DECIMAL(20,2) NOT NULL,
  opportunities            BIGINT        NOT NULL,
  PRIMARY KEY (filter_name, stage)
) ENGINE=InnoDB;

-- Unattributed per reporting quarter: only opportunities that have a quarter in that stage.
CREATE TABLE an_quarter_unattributed_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  fiscal_year              INT           NOT NULL,
  fiscal_quarter           TINYINT       NOT NULL,
  amount                   DECIMAL(20,2) NOT NULL,
  opportunities            BIGINT        NOT NULL,
  PRIMARY KEY (filter_name, stage, fiscal_year, fiscal_quarter)
) ENGINE=InnoDB;

-- Credits per opportunity's account (cn_opportunities.account_id; opportunities without one skipped).
CREATE TABLE an_account_credit_work (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  account_id               CHAR(18)      NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  PRIMARY KEY (filter_name, stage, model, account_id)
) ENGINE=InnoDB;

-- Attributed amount and opportunities per account, stage and model (bfw report --by account).
CREATE TABLE an_account_attribution (
  filter_name              VARCHAR(100)  NOT NULL,
  stage                    VARCHAR(8)    NOT NULL,
  model                    VARCHAR(16)   NOT NULL,
  account_id               CHAR(18)      NOT NULL,
  attributed_amount        DOUBLE        NOT NULL,
  attributed_opportunities DOUBLE        NOT NULL,
  PRIMARY KEY (filter_name, stage, model, account_id)
) ENGINE=InnoDB;
