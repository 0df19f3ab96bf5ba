-- Which run may publish a tenant: the run holding its fence (run_id, the lease epoch it was given
-- when it took the tenant) until lease_until, on this server's clock. A run claims it when it
-- starts (a higher epoch wins), renews it with its heartbeat, takes each new version number from
-- last_version (so two runs never load rows under the same number), and moves web_publications
-- only in a statement that checks the fence: a stalled run that wakes up after another took the
-- tenant publishes nothing. web_publications.epoch is the epoch of the run that published.
CREATE TABLE web_fences (
  tenant_id     VARCHAR(31)  NOT NULL PRIMARY KEY,
  run_id        BIGINT       NULL,
  epoch         BIGINT       NOT NULL DEFAULT 0,
  lease_until   DATETIME(6)  NULL,
  last_version  BIGINT       NOT NULL DEFAULT 0,
  claimed_at    DATETIME(6)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE web_publications ADD COLUMN epoch BIGINT NULL;
