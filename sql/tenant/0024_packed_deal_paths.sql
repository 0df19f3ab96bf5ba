-- The drill-down's deal paths, packed: a row per (stage, deal) holding its campaigns, and a row per
-- (stage, campaign) listing its deals, in place of a row per (stage, deal, campaign). At L that
-- grain is 4.4M rows; each MySQL hop of it (the copy back from the cluster, the swap's copy, the
-- publish's LOAD DATA into bf_web) cost 40 s or more, per row rather than per byte (the same rows
-- without their credits loaded in 35 s against 45 s), and the aggregate step took 144 s and publish
-- 103 s. Packed, the paths are 158k rows at L and loaded in 9 s. A campaign's deals are its list of
-- deal ids only: their entries are read from the deals' paths (the same entries packed a second
-- time per campaign doubled the 730 MB the cluster sends back).
--
-- An entry is "campaign|touches|first_day|last_day|credits": the campaign's touches on the deal, its
-- first and last touch day (day numbers as TO_DAYS counts them), and every model's credit with two
-- decimals, each followed by ';', in the order of the row's models column ("model;model;…;", the
-- stored models by kind, then the position models): empty where the model gives no share on those
-- touches. Named credits ("model=credit;") were 110 of an entry's 175 bytes. Entries, and the deal
-- ids of a campaign, are separated by one space, in no particular order: the readers order them.
DROP TABLE IF EXISTS an_deal_campaigns_next, an_deal_campaigns_old;
DROP TABLE an_deal_campaigns;
DROP TABLE an_deal_campaign_work;

CREATE TABLE an_deal_paths (
  stage             VARCHAR(8)     NOT NULL,
  opportunity_id    CHAR(18)       NOT NULL,
  campaigns         INT            NOT NULL,
  models            VARCHAR(4000)  NOT NULL,
  path              LONGTEXT       NOT NULL,
  PRIMARY KEY (stage, opportunity_id)
) ENGINE=InnoDB;

CREATE TABLE an_campaign_deals (
  stage             VARCHAR(8)     NOT NULL,
  campaign_id       CHAR(18)       NOT NULL,
  deals             INT            NOT NULL,
  opportunity_ids   LONGTEXT       NOT NULL,
  PRIMARY KEY (stage, campaign_id)
) ENGINE=InnoDB;

-- What the aggregate step's pair-grain work (an_build_work, or the cluster) fills; an_build_deals
-- renames them into the _next tables the swap takes in.
CREATE TABLE an_deal_path_work LIKE an_deal_paths;
CREATE TABLE an_campaign_deal_work LIKE an_campaign_deals;
