-- Attribution layer. at_paths holds every counted (opportunity, stage, touch) pair with its
-- position t1…tN; at_credits the share of every model; at_unattributed the opportunities with
-- no counted touch. All three are rebuilt together and swapped in with one RENAME TABLE, by
-- the stored procedure (engine mysql) or by the Impala offload (engine impala).

-- The account each person counts for on the account path: contacts' and converted leads' own
-- account, and orphan leads' matched account at or above the tenant's min_match_confidence.
CREATE TABLE at_person_accounts (
  person_id         CHAR(18)     NOT NULL PRIMARY KEY,
  account_id        CHAR(18)     NOT NULL,
  matched           TINYINT(1)   NOT NULL,     -- 1 when it comes from the orphan lead finder
  KEY ix_at_person_accounts_account (account_id)
) ENGINE=InnoDB;

CREATE TABLE at_paths (
  opportunity_id    CHAR(18)     NOT NULL,
  stage             VARCHAR(8)   NOT NULL,     -- pipeline | revenue
  touch_id          CHAR(18)     NOT NULL,
  campaign_id       CHAR(18)     NOT NULL,
  person_id         CHAR(18)     NOT NULL,
  touch_date        DATE         NOT NULL,
  position          INT          NOT NULL,     -- i of t_i, ordered by (touch_date, touch_id)
  touch_count       INT          NOT NULL,     -- N
  PRIMARY KEY (opportunity_id, stage, touch_id),
  KEY ix_at_paths_campaign (campaign_id)
) ENGINE=InnoDB;

CREATE TABLE at_credits (
  opportunity_id    CHAR(18)     NOT NULL,
  stage             VARCHAR(8)   NOT NULL,
  model             VARCHAR(16)  NOT NULL,
  touch_id          CHAR(18)     NOT NULL,
  campaign_id       CHAR(18)     NOT NULL,
  share             DOUBLE       NOT NULL,     -- shares per (opportunity, stage, model) sum to 1
  credit            DOUBLE       NOT NULL,     -- amount × share
  PRIMARY KEY (opportunity_id, stage, model, touch_id),
  KEY ix_at_credits_campaign (campaign_id, stage, model)
) ENGINE=InnoDB;

CREATE TABLE at_unattributed (
  opportunity_id    CHAR(18)      NOT NULL,
  stage             VARCHAR(8)    NOT NULL,
  amount            DECIMAL(18,2) NOT NULL,
  PRIMARY KEY (opportunity_id, stage)
) ENGINE=InnoDB;

-- What produced the attribution tables in place: one row.
CREATE TABLE at_build_info (
  id                TINYINT      NOT NULL PRIMARY KEY,
  engine            VARCHAR(16)  NOT NULL,
  config_version    INT          NOT NULL,
  built_at          DATETIME(6)  NOT NULL,
  credit_rows       BIGINT       NOT NULL
) ENGINE=InnoDB;
