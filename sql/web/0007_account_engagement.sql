-- Account-based marketing (issue 26, docs/abm.md), published with the tenant's other analytics and
-- switched by the same web_publications pointer: the target account lists, their accounts, the
-- weeks and journeys of those accounts, and every account's spikes with their causes.

CREATE TABLE web_abm_lists (
  tenant_id             VARCHAR(31)   NOT NULL,
  version               BIGINT        NOT NULL,
  list_name             VARCHAR(80)   NOT NULL,
  source                VARCHAR(8)    NOT NULL,
  definition            TEXT          NOT NULL,
  accounts              BIGINT        NOT NULL,
  unmatched_entries     BIGINT        NOT NULL,
  engaged_this_quarter  BIGINT        NOT NULL,
  quarter_label         VARCHAR(16)   NULL,
  model                 VARCHAR(16)   NULL,
  PRIMARY KEY (tenant_id, version, list_name)
) ENGINE=InnoDB;

CREATE TABLE web_target_accounts (
  tenant_id             VARCHAR(31)    NOT NULL,
  version               BIGINT         NOT NULL,
  list_name             VARCHAR(80)    NOT NULL,
  account_id            CHAR(18)       NOT NULL,
  account_name          VARCHAR(255)   NULL,
  tier                  VARCHAR(80)    NULL,
  score                 DOUBLE         NOT NULL,
  trend                 VARCHAR(400)   NOT NULL,
  engaged_this_quarter  TINYINT(1)     NOT NULL,
  open_pipeline         DECIMAL(20,2)  NOT NULL,
  won_revenue           DECIMAL(20,2)  NOT NULL,
  attributed_revenue    DOUBLE         NOT NULL,
  latest_spike_week     DATE           NULL,
  latest_spike_score    DOUBLE         NULL,
  PRIMARY KEY (tenant_id, version, list_name, account_id)
) ENGINE=InnoDB;

CREATE TABLE web_target_account_weeks (
  tenant_id         VARCHAR(31)    NOT NULL,
  version           BIGINT         NOT NULL,
  account_id        CHAR(18)       NOT NULL,
  week_start        DATE           NOT NULL,
  people_engaged    BIGINT         NOT NULL,
  campaign_touches  BIGINT         NOT NULL,
  web_sessions      BIGINT         NOT NULL,
  page_views        BIGINT         NOT NULL,
  new_leads         BIGINT         NOT NULL,
  new_contacts      BIGINT         NOT NULL,
  opps_opened       BIGINT         NOT NULL,
  pipeline_opened   DECIMAL(20,2)  NOT NULL,
  points            DOUBLE         NOT NULL,
  score             DOUBLE         NOT NULL,
  trailing_mean     DOUBLE         NOT NULL,
  trailing_sd       DOUBLE         NOT NULL,
  is_spike          TINYINT(1)     NOT NULL,
  PRIMARY KEY (tenant_id, version, account_id, week_start)
) ENGINE=InnoDB;

CREATE TABLE web_account_spikes (
  tenant_id      VARCHAR(31)  NOT NULL,
  version        BIGINT       NOT NULL,
  account_id     CHAR(18)     NOT NULL,
  week_start     DATE         NOT NULL,
  score          DOUBLE       NOT NULL,
  trailing_mean  DOUBLE       NOT NULL,
  trailing_sd    DOUBLE       NOT NULL,
  people         BIGINT       NOT NULL,
  top_channel    VARCHAR(80)  NULL,
  PRIMARY KEY (tenant_id, version, account_id, week_start)
) ENGINE=InnoDB;

CREATE TABLE web_account_spike_causes (
  tenant_id    VARCHAR(31)  NOT NULL,
  version      BIGINT       NOT NULL,
  account_id   CHAR(18)     NOT NULL,
  week_start   DATE         NOT NULL,
  cause_kind   VARCHAR(8)   NOT NULL,
  cause        VARCHAR(80)  NOT NULL,
  points       DOUBLE       NOT NULL,
  PRIMARY KEY (tenant_id, version, account_id, week_start, cause_kind, cause)
) ENGINE=InnoDB;

CREATE TABLE web_account_journey (
  tenant_id    VARCHAR(31)    NOT NULL,
  version      BIGINT         NOT NULL,
  account_id   CHAR(18)       NOT NULL,
  seq          INT            NOT NULL,
  event_date   DATE           NOT NULL,
  kind         VARCHAR(12)    NOT NULL,
  person_id    CHAR(18)       NULL,
  person_email VARCHAR(255)   NULL,
  label        VARCHAR(255)   NULL,
  channel      VARCHAR(80)    NULL,
  events       BIGINT         NOT NULL,
  amount       DECIMAL(20,2)  NULL,
  PRIMARY KEY (tenant_id, version, account_id, seq)
) ENGINE=InnoDB;

CREATE VIEW web_abm_lists_current AS
  SELECT w.* FROM web_abm_lists w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_target_accounts_current AS
  SELECT w.* FROM web_target_accounts w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_target_account_weeks_current AS
  SELECT w.* FROM web_target_account_weeks w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_account_spikes_current AS
  SELECT w.* FROM web_account_spikes w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_account_spike_causes_current AS
  SELECT w.* FROM web_account_spike_causes w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_account_journey_current AS
  SELECT w.* FROM web_account_journey w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
