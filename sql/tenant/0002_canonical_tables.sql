-- Canonical layer: one clean row per business entity, built from raw_* by the procedures in
-- procs/ following the tenant's configuration. Dates are calendar dates in the tenant's time
-- zone. Every table is rebuilt whole by its procedure (into a shadow table swapped in with
-- RENAME TABLE), so these definitions are also the shape of the shadows.

CREATE TABLE cn_accounts (
  account_id        CHAR(18)      NOT NULL PRIMARY KEY,
  name              VARCHAR(255)  NULL,
  website           VARCHAR(255)  NULL,   -- as exported; the match step derives domains from it
  tier              VARCHAR(80)   NULL,   -- from the tenant's account_tier_field
  industry          VARCHAR(80)   NULL,
  country           VARCHAR(80)   NULL,
  created_date      DATE          NULL,
  custom            JSON          NULL    -- raw extra fields, for filters on account.custom.X
) ENGINE=InnoDB;

-- A person is a contact, or a lead that was not converted. A converted lead resolves to the
-- contact it became; cn_person_records maps every contact and lead id to its person.
CREATE TABLE cn_people (
  person_id         CHAR(18)      NOT NULL PRIMARY KEY,
  person_type       VARCHAR(8)    NOT NULL,   -- contact | lead
  account_id        CHAR(18)      NULL,       -- contact's account, or converted lead's account
  email             VARCHAR(255)  NULL,
  email_domain      VARCHAR(255)  NULL,
  company           VARCHAR(255)  NULL,       -- leads only
  created_date      DATE          NULL,       -- earliest created date over all its records
  KEY ix_cn_people_account (account_id)
) ENGINE=InnoDB;

CREATE TABLE cn_person_records (
  record_id         CHAR(18)      NOT NULL PRIMARY KEY,  -- a contact id or a lead id
  person_id         CHAR(18)      NOT NULL,
  record_type       VARCHAR(8)    NOT NULL,              -- contact | lead
  KEY ix_cn_person_records_person (person_id)
) ENGINE=InnoDB;

CREATE TABLE cn_campaigns (
  campaign_id       CHAR(18)      NOT NULL PRIMARY KEY,
  name              VARCHAR(255)  NULL,
  channel           VARCHAR(80)   NOT NULL,   -- from Type or the mapped channel field; 'Unknown' when empty
  status            VARCHAR(80)   NULL,
  cost              DECIMAL(18,2) NULL,
  start_date        DATE          NULL,
  custom            JSON          NULL
) ENGINE=InnoDB;

-- One touch per (campaign, person): the earliest responded membership.
CREATE TABLE cn_touches (
  touch_id          CHAR(18)      NOT NULL PRIMARY KEY,   -- the CampaignMember id kept
  campaign_id       CHAR(18)      NOT NULL,
  person_id         CHAR(18)      NOT NULL,
  touch_date        DATE          NOT NULL,
  UNIQUE KEY ux_cn_touches_campaign_person (campaign_id, person_id),
  KEY ix_cn_touches_person (person_id, touch_date)
) ENGINE=InnoDB;

CREATE TABLE cn_opportunities (
  opportunity_id    CHAR(18)      NOT NULL PRIMARY KEY,
  account_id        CHAR(18)      NULL,
  name              VARCHAR(255)  NULL,
  stage             VARCHAR(80)   NULL,
  amount            DECIMAL(18,2) NOT NULL,   -- from the tenant's revenue_field; 0 when empty
  created_date      DATE          NOT NULL,
  close_date        DATE          NULL,
  is_closed         TINYINT(1)    NOT NULL,
  is_won            TINYINT(1)    NOT NULL,
  created_fiscal_year    INT      NULL,      -- fiscal period of the created date (pipeline)
  created_fiscal_quarter TINYINT  NULL,
  fiscal_year       INT           NULL,       -- fiscal period of the close date (revenue);
  fiscal_quarter    TINYINT       NULL,       -- a fiscal year is named by the year it ends in
  custom            JSON          NULL,
  KEY ix_cn_opportunities_account (account_id)
) ENGINE=InnoDB;

-- People holding a contact role on an opportunity.
CREATE TABLE cn_opportunity_people (
  opportunity_id    CHAR(18)      NOT NULL,
  person_id         CHAR(18)      NOT NULL,
  role              VARCHAR(80)   NULL,
  is_primary        TINYINT(1)    NOT NULL,
  PRIMARY KEY (opportunity_id, person_id)
) ENGINE=InnoDB;
