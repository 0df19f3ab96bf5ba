-- The drill-down's deals and paths (the tenant's an_deals and an_deal_campaigns): a campaign's deals
-- are read by campaign, a deal's path by opportunity.
CREATE TABLE web_deals (
  tenant_id         VARCHAR(31)    NOT NULL,
  version           BIGINT         NOT NULL,
  opportunity_id    CHAR(18)       NOT NULL,
  name              VARCHAR(255)   NULL,
  account_id        CHAR(18)       NULL,
  account_name      VARCHAR(255)   NULL,
  amount            DECIMAL(18,2)  NOT NULL,
  created_date      DATE           NOT NULL,
  close_date        DATE           NULL,
  is_won            TINYINT(1)     NOT NULL,
  filters           TEXT           NOT NULL,
  PRIMARY KEY (tenant_id, version, opportunity_id)
) ENGINE=InnoDB;

CREATE TABLE web_deal_campaigns (
  tenant_id         VARCHAR(31)    NOT NULL,
  version           BIGINT         NOT NULL,
  stage             VARCHAR(8)     NOT NULL,
  opportunity_id    CHAR(18)       NOT NULL,
  campaign_id       CHAR(18)       NOT NULL,
  touches           BIGINT         NOT NULL,
  first_touch_date  DATE           NOT NULL,
  last_touch_date   DATE           NOT NULL,
  credits           VARCHAR(4000)  NOT NULL,
  PRIMARY KEY (tenant_id, version, stage, campaign_id, opportunity_id),
  KEY ix_web_deal_campaigns_deal (tenant_id, version, opportunity_id)
) ENGINE=InnoDB;
