-- The drill-down's deal paths, packed as the tenant's an_deal_paths and an_campaign_deals are
-- (sql/tenant/0024_packed_deal_paths.sql gives the entries' format): a deal's path is read by
-- opportunity; a campaign's deals by stage and campaign, then their paths. A row per (stage, deal, campaign) was 4.4M
-- rows at L, and their LOAD DATA alone took 45 s of each publish.
DROP TABLE web_deal_campaigns;

CREATE TABLE web_deal_paths (
  tenant_id         VARCHAR(31)    NOT NULL,
  version           BIGINT         NOT NULL,
  stage             VARCHAR(8)     NOT NULL,
  opportunity_id    CHAR(18)       NOT NULL,
  campaigns         INT            NOT NULL,
  models            VARCHAR(4000)  NOT NULL,
  path              LONGTEXT       NOT NULL,
  PRIMARY KEY (tenant_id, version, opportunity_id, stage)
) ENGINE=InnoDB;

CREATE TABLE web_campaign_deals (
  tenant_id         VARCHAR(31)    NOT NULL,
  version           BIGINT         NOT NULL,
  stage             VARCHAR(8)     NOT NULL,
  campaign_id       CHAR(18)       NOT NULL,
  deals             INT            NOT NULL,
  opportunity_ids   LONGTEXT       NOT NULL,
  PRIMARY KEY (tenant_id, version, stage, campaign_id)
) ENGINE=InnoDB;
