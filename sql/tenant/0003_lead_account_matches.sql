-- Orphan lead finder results: the account an unconverted lead without account belongs to.
CREATE TABLE cn_lead_account_matches (
  lead_id       CHAR(18)     NOT NULL PRIMARY KEY,
  account_id    CHAR(18)     NOT NULL,
  confidence    VARCHAR(8)   NOT NULL,
  score         DOUBLE       NOT NULL,
  method        VARCHAR(32)  NOT NULL,
  is_ambiguous  TINYINT(1)   NOT NULL,
  explanation   VARCHAR(500) NOT NULL,
  matched_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_cn_lead_account_matches_account (account_id)
) ENGINE=InnoDB;
