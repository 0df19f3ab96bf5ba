-- Web activity (issue 25): the tenant's web settings as the run reads them, where the web step's
-- results live, and the compact web analytics fetched back from the cluster.
-- web_touches: 1 = identified web sessions count as touches (tenant setting web_touches = on);
-- web_touch_rule: default (a person's first session, sessions with a utm_campaign, paid channels)
-- or all_sessions.
ALTER TABLE cfg_tenant_settings
  ADD COLUMN web_touches    TINYINT(1)  NOT NULL DEFAULT 0,
  ADD COLUMN web_touch_rule VARCHAR(16) NOT NULL DEFAULT 'default';

-- The tenant's web channel rules (web_channel_rules), first match wins: one row per rule, in order.
-- channel is the key ([a-z_]{1,14}; its web campaign is 'WEB_' + upper-case key), channel_name
-- what reports show (the web campaign's cn_campaigns.channel).
CREATE TABLE cfg_web_channel_rules (
  rule_no       INT          NOT NULL PRIMARY KEY,
  channel       VARCHAR(14)  NOT NULL,
  channel_name  VARCHAR(74)  NOT NULL
) ENGINE=InnoDB;

-- A rule's conditions: the rule matches when any of its clauses does, a clause when every field it
-- names does (a field named twice matches any of its values). field: utm_medium, utm_source
-- (value lower-cased and trimmed), referrer_host (may end in '.<tld>'), any_utm_source,
-- external_referrer (value ''). A rule without rows matches every session.
CREATE TABLE cfg_web_channel_conditions (
  rule_no       INT          NOT NULL,
  clause_no     INT          NOT NULL,
  field         VARCHAR(20)  NOT NULL,
  value         VARCHAR(120) NOT NULL,
  PRIMARY KEY (rule_no, clause_no, field, value)
) ENGINE=InnoDB;

-- Where the web step last published: the cluster database whose views web_sessions and
-- web_touches point at this run's tables (one row, id = 1; none before the first web step).
-- The Impala attribute step reads web touches only while this says they are published.
CREATE TABLE web_build_info (
  id                TINYINT      NOT NULL PRIMARY KEY,
  run_id            BIGINT       NOT NULL,
  cluster_database  VARCHAR(64)  NOT NULL,
  sessions          BIGINT       NOT NULL,
  identified        BIGINT       NOT NULL,
  touches           BIGINT       NOT NULL,
  built_at          DATETIME(6)  NOT NULL,
  CONSTRAINT ck_web_build_info_one_row CHECK (id = 1)
) ENGINE=InnoDB;

-- Sessions per channel and ISO week (the week's Monday, in the tenant's time zone): sessions,
-- distinct identified people, page views. channel is the display name.
CREATE TABLE an_web_channel_weeks (
  channel              VARCHAR(80)  NOT NULL,
  week_start           DATE         NOT NULL,
  sessions             BIGINT       NOT NULL,
  identified_visitors  BIGINT       NOT NULL,
  page_views           BIGINT       NOT NULL,
  PRIMARY KEY (channel, week_start)
) ENGINE=InnoDB;

-- The pages an opportunity's people (its account's people, as attribution's account path counts
-- them) viewed before the opportunity was created: views, distinct people, distinct opportunities.
-- The top pages by views only.
CREATE TABLE an_web_top_pages (
  path           VARCHAR(500) NOT NULL,
  views          BIGINT       NOT NULL,
  people         BIGINT       NOT NULL,
  opportunities  BIGINT       NOT NULL,
  PRIMARY KEY (path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
