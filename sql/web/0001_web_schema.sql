-- Web-tier database: what the customer-facing app reads. Each tenant's analytics are published
-- as one numbered version; `web_publications` points at the version in force, so a reader
-- switches from the old analytics to the new ones in one committed update.

CREATE TABLE web_publications (
  tenant_id       VARCHAR(31)  NOT NULL PRIMARY KEY,
  version         BIGINT       NOT NULL,
  run_id          BIGINT       NULL,
  published_at    DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
