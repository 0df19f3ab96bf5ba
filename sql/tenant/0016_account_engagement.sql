-- Account-based marketing (issue 26, docs/abm.md): the engagement settings as the run reads them,
-- the target account lists the engage step copied from bf_control, the web step's sessions per
-- (account, person, week, channel), and the engagement analytics it builds.
ALTER TABLE cfg_tenant_settings
  ADD COLUMN engagement_decay         DOUBLE  NOT NULL DEFAULT 0.5,
  ADD COLUMN engagement_window_weeks  INT     NOT NULL DEFAULT 4,
  ADD COLUMN spike_k                  DOUBLE  NOT NULL DEFAULT 2,
  ADD COLUMN spike_min_score          DOUBLE  NOT NULL DEFAULT 5,
  ADD COLUMN first_model              VARCHAR(16) NULL;   -- the tenant's first model: target accounts' attributed revenue

-- Weight by signal: campaign_touch (every campaign channel without a row of its own), a campaign
-- channel's name, web_session, page_view, new_lead, new_contact, opportunity_opened.
CREATE TABLE cfg_engagement_weights (
  signal_name VARCHAR(80)  NOT NULL PRIMARY KEY,
  weight     DOUBLE       NOT NULL
) ENGINE=InnoDB;
INSERT INTO cfg_engagement_weights (signal_name, weight) VALUES
  ('campaign_touch', 2), ('web_session', 1), ('page_view', 0.25), ('new_lead', 1), ('new_contact', 0), ('opportunity_opened', 0);

-- The tenant's lists as this run evaluates them (written by the engage step from bf_control).
CREATE TABLE cfg_abm_lists (
  list_name   VARCHAR(80)   NOT NULL PRIMARY KEY,
  source      VARCHAR(8)    NOT NULL,   -- rule | file
  definition  TEXT          NOT NULL    -- the rule's JSON, or the file's name
) ENGINE=InnoDB;

-- A file list's entries: an account id (15 or 18 characters) or a bare domain, by line number.
CREATE TABLE cfg_abm_list_entries (
  list_name   VARCHAR(80)   NOT NULL,
  line_no     INT           NOT NULL,
  kind        VARCHAR(8)    NOT NULL,   -- id | domain
  value       VARCHAR(255)  NOT NULL,
  PRIMARY KEY (list_name, line_no)
) ENGINE=InnoDB;

-- A list's members as this run evaluates them (the rule's accounts, or the file's matches).
CREATE TABLE an_list_members_work (
  list_name   VARCHAR(80)   NOT NULL,
  account_id  CHAR(18)      NOT NULL,
  PRIMARY KEY (list_name, account_id)
) ENGINE=InnoDB;

-- Which accounts each file entry matched (none: the entry is reported unmatched).
CREATE TABLE an_list_entry_matches_work (
  list_name   VARCHAR(80)   NOT NULL,
  line_no     INT           NOT NULL,
  account_id  CHAR(18)      NOT NULL,
  PRIMARY KEY (list_name, line_no, account_id)
) ENGINE=InnoDB;

-- From the web step on the cluster: identified sessions and their page views per account (as
-- at_person_accounts gives it), person, ISO week (Monday, tenant time zone) and web channel name.
CREATE TABLE an_web_account_weeks (
  account_id   CHAR(18)     NOT NULL,
  person_id    CHAR(18)     NOT NULL,
  week_start   DATE         NOT NULL,
  channel      VARCHAR(80)  NOT NULL,
  sessions     BIGINT       NOT NULL,
  page_views   BIGINT       NOT NULL,
  PRIMARY KEY (account_id, person_id, week_start, channel)
) ENGINE=InnoDB;

-- Every signal of a person for an account in a week, with its points (an_build_signals).
-- kind: touch (campaign touches, channel = the campaign's), web (sessions and page views, channel
-- = the web channel), lead | contact (the person was created that week), opportunity (person_id
-- NULL; events = opportunities opened, amount = their pipeline).
CREATE TABLE an_signals_work (
  account_id   CHAR(18)       NOT NULL,
  week_start   DATE           NOT NULL,
  kind         VARCHAR(12)    NOT NULL,
  person_id    CHAR(18)       NULL,
  channel      VARCHAR(80)    NULL,
  events       BIGINT         NOT NULL,
  page_views   BIGINT         NOT NULL,
  amount       DECIMAL(20,2)  NOT NULL,
  points       DOUBLE         NOT NULL,
  KEY ix_an_signals_account_week (account_id, week_start)
) ENGINE=InnoDB;

-- Work tables of an_build_list_members and an_build_account_weeks (rewritten by each run).
CREATE TABLE an_account_hosts_work (
  account_id  CHAR(18)      NOT NULL,
  host        VARCHAR(255)  NOT NULL,
  KEY ix_an_account_hosts_host (host)
) ENGINE=InnoDB;
CREATE TABLE an_week_points_work (
  account_id        CHAR(18)       NOT NULL,
  week_start        DATE           NOT NULL,
  points            DOUBLE         NOT NULL,
  people_engaged    BIGINT         NOT NULL,
  campaign_touches  BIGINT         NOT NULL,
  web_sessions      BIGINT         NOT NULL,
  page_views        BIGINT         NOT NULL,
  new_leads         BIGINT         NOT NULL,
  new_contacts      BIGINT         NOT NULL,
  opps_opened       BIGINT         NOT NULL,
  pipeline_opened   DECIMAL(20,2)  NOT NULL,
  PRIMARY KEY (account_id, week_start)
) ENGINE=InnoDB;
CREATE TABLE an_week_scores_work (
  account_id CHAR(18) NOT NULL, week_start DATE NOT NULL, score DOUBLE NOT NULL,
  PRIMARY KEY (account_id, week_start)
) ENGINE=InnoDB;
CREATE TABLE an_week_trailing_work (
  account_id CHAR(18) NOT NULL, week_start DATE NOT NULL, total DOUBLE NOT NULL, squares DOUBLE NOT NULL,
  PRIMARY KEY (account_id, week_start)
) ENGINE=InnoDB;

-- Every account's engagement per ISO week: a row for each week with points and for the window's
-- weeks after one, up to the tenant's last week with points. score: this week's points plus the
-- decayed points of the window's earlier weeks; trailing_mean / trailing_sd: over the 8 weeks
-- before (weeks without a row count 0); is_spike per docs/abm.md.
CREATE TABLE an_account_weeks (
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
  PRIMARY KEY (account_id, week_start)
) ENGINE=InnoDB;

-- Campaign touches and web sessions per account, week and channel (kind touch | web).
CREATE TABLE an_account_week_channels (
  account_id   CHAR(18)     NOT NULL,
  week_start   DATE         NOT NULL,
  kind         VARCHAR(12)  NOT NULL,
  channel      VARCHAR(80)  NOT NULL,
  events       BIGINT       NOT NULL,
  page_views   BIGINT       NOT NULL,
  points       DOUBLE       NOT NULL,
  PRIMARY KEY (account_id, week_start, kind, channel)
) ENGINE=InnoDB;

-- Every spike, with what made it: the people and the channels whose points the week had.
CREATE TABLE an_account_spikes (
  account_id     CHAR(18)  NOT NULL,
  week_start     DATE      NOT NULL,
  score          DOUBLE    NOT NULL,
  trailing_mean  DOUBLE    NOT NULL,
  trailing_sd    DOUBLE    NOT NULL,
  people         BIGINT    NOT NULL,
  top_channel    VARCHAR(80) NULL,
  PRIMARY KEY (account_id, week_start)
) ENGINE=InnoDB;

CREATE TABLE an_account_spike_causes (
  account_id   CHAR(18)      NOT NULL,
  week_start   DATE          NOT NULL,
  cause_kind   VARCHAR(8)    NOT NULL,   -- person | channel
  cause        VARCHAR(80)   NOT NULL,   -- the person's id, or the channel's name
  points       DOUBLE        NOT NULL,
  PRIMARY KEY (account_id, week_start, cause_kind, cause)
) ENGINE=InnoDB;

-- The lists and their members as this run found them; the model names whose credit
-- attributed_revenue is (the tenant's first model). quarter: the fiscal quarter of the tenant's
-- last week with points, which "engaged this quarter" counts.
CREATE TABLE an_abm_lists (
  list_name             VARCHAR(80)   NOT NULL PRIMARY KEY,
  source                VARCHAR(8)    NOT NULL,
  definition            TEXT          NOT NULL,
  accounts              BIGINT        NOT NULL,
  unmatched_entries     BIGINT        NOT NULL,
  engaged_this_quarter  BIGINT        NOT NULL,
  quarter_label         VARCHAR(16)   NULL,
  model                 VARCHAR(16)   NULL
) ENGINE=InnoDB;

-- trend: the last 13 weeks' scores, oldest first, comma-separated (the sparkline), ending at the
-- tenant's last week with points; score: the last of them.
CREATE TABLE an_target_accounts (
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
  PRIMARY KEY (list_name, account_id)
) ENGINE=InnoDB;

-- Each run's members of each list, so a list's history can be read (kept across runs).
CREATE TABLE an_target_account_history (
  run_id      BIGINT        NOT NULL,
  run_date    DATE          NOT NULL,
  list_name   VARCHAR(80)   NOT NULL,
  account_id  CHAR(18)      NOT NULL,
  PRIMARY KEY (run_id, list_name, account_id)
) ENGINE=InnoDB;

-- The weeks of the accounts in any list (what the dashboard's journey shows; every account's
-- weeks stay in an_account_weeks).
CREATE TABLE an_target_account_weeks LIKE an_account_weeks;

-- A target account's journey: every touch, web week, lead, contact and opportunity, oldest first.
-- kind: touch | web | lead | contact | opportunity | won. label: the campaign's name, the web
-- channel, the opportunity's name; web rows are a week's sessions (events) and page views.
CREATE TABLE an_account_journey (
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
  PRIMARY KEY (account_id, seq)
) ENGINE=InnoDB;
