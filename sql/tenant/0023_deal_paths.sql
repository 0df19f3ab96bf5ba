-- A campaign's deals and one deal's path, for the dashboard's drill-down (channel → campaigns → a
-- campaign's deals → a deal's path with every model's credit). The touch grain is the pairs, which
-- stay on the cluster for engine = impala and would be millions of rows in bf_web, so the path is
-- published at the grain of (stage, opportunity, campaign): the campaign's touches on the deal,
-- its first and last touch day, and every model's credit. bfw explain's per-touch credits, summed
-- per campaign, are these. For the 'all' filter: a filter's deals are the opportunities it keeps (an_deals.filters).

-- The aggregate step's pair-grain work (an_build_work, or the cluster). Days are day numbers as
-- MySQL's TO_DAYS counts them; credits: "model=credit;…" (two decimals), a model with no share on
-- the campaign's touches left out, as an_campaign's credits leave it out.
CREATE TABLE an_deal_campaign_work (
  stage             VARCHAR(8)     NOT NULL,
  opportunity_id    CHAR(18)       NOT NULL,
  campaign_id       CHAR(18)       NOT NULL,
  touches           BIGINT         NOT NULL,
  first_touch_day   INT            NOT NULL,
  last_touch_day    INT            NOT NULL,
  credits           VARCHAR(4000)  NOT NULL,
  PRIMARY KEY (stage, opportunity_id, campaign_id)
) ENGINE=InnoDB;

CREATE TABLE an_deal_campaigns (
  stage             VARCHAR(8)     NOT NULL,
  opportunity_id    CHAR(18)       NOT NULL,
  campaign_id       CHAR(18)       NOT NULL,
  touches           BIGINT         NOT NULL,
  first_touch_date  DATE           NOT NULL,
  last_touch_date   DATE           NOT NULL,
  credits           VARCHAR(4000)  NOT NULL,
  PRIMARY KEY (stage, opportunity_id, campaign_id)
) ENGINE=InnoDB;

-- Every opportunity as the drill-down names it, with the dynamic filters that keep it (a JSON array,
-- 'all' left out).
CREATE TABLE an_deals (
  opportunity_id    CHAR(18)       NOT NULL PRIMARY KEY,
  name              VARCHAR(255)   NULL,
  account_id        CHAR(18)       NULL,
  account_name      VARCHAR(255)   NULL,
  amount            DECIMAL(18,2)  NOT NULL,
  created_date      DATE           NOT NULL,
  close_date        DATE           NULL,
  is_won            TINYINT(1)     NOT NULL,
  filters           TEXT           NOT NULL
) ENGINE=InnoDB;
