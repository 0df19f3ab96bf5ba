-- Orphan lead finder results (cycle step `match`): one row per unconverted lead without an
-- account that was matched to the account it belongs to. Rebuilt whole by the match step
-- (into a shadow table swapped in with RENAME TABLE), so this is also the shadows' shape.
-- The attribution `account` path joins a matched lead's touches to account_id when
-- confidence is at or above the tenant's minimum (low < medium < high).

CREATE TABLE cn_lead_account_matches (
  lead_id           CHAR(18)      NOT NULL PRIMARY KEY,   -- the lead's person_id
  account_id        CHAR(18)      NOT NULL,
  confidence        VARCHAR(8)    NOT NULL,   -- high | medium | low
  score             DOUBLE        NOT NULL,   -- Jaro-Winkler of the names, 1 for domain-only and exact-name matches
  method            VARCHAR(32)   NOT NULL,   -- domain_and_name | domain | exact_name | close_name
  is_ambiguous      TINYINT(1)    NOT NULL,   -- several accounts tied; the one with most contacts, then lowest id, won
  explanation       VARCHAR(500)  NOT NULL,   -- one line for operators
  matched_at        DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY ix_cn_lead_account_matches_account (account_id, confidence)
) ENGINE=InnoDB;
