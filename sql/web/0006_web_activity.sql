-- Web activity (issue 25), published with the tenant's other analytics: the tenant's
-- an_web_channel_weeks and an_web_top_pages, versioned and switched by the same web_publications
-- pointer as the other web_* tables.

CREATE TABLE web_site_channel_weeks (
  tenant_id            VARCHAR(31)   NOT NULL,
  version              BIGINT        NOT NULL,
  channel              VARCHAR(80)   NOT NULL,
  week_start           DATE          NOT NULL,
  sessions             BIGINT        NOT NULL,
  identified_visitors  BIGINT        NOT NULL,
  page_views           BIGINT        NOT NULL,
  PRIMARY KEY (tenant_id, version, channel, week_start)
) ENGINE=InnoDB;

CREATE TABLE web_site_top_pages (
  tenant_id      VARCHAR(31)   NOT NULL,
  version        BIGINT        NOT NULL,
  path           VARCHAR(500)  NOT NULL,
  views          BIGINT        NOT NULL,
  people         BIGINT        NOT NULL,
  opportunities  BIGINT        NOT NULL,
  PRIMARY KEY (tenant_id, version, path)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE VIEW web_site_channel_weeks_current AS
  SELECT w.* FROM web_site_channel_weeks w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
CREATE VIEW web_site_top_pages_current AS
  SELECT w.* FROM web_site_top_pages w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
