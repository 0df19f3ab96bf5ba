-- A run has an owner with a lease: the process running it (a scheduler node's instance id, or
-- inline:<host>:<pid>) renews heartbeat_at and lease_until while it runs. A run still 'running'
-- whose lease_until has passed has lost its owner: any node or console command that reads runs
-- closes it as 'abandoned' at its last heartbeat. NULL lease_until: a run from before leases.
ALTER TABLE runs ADD COLUMN owner VARCHAR(255) NULL AFTER node,
                 ADD COLUMN heartbeat_at DATETIME(6) NULL AFTER owner,
                 ADD COLUMN lease_until DATETIME(6) NULL AFTER heartbeat_at;
ALTER TABLE runs ADD KEY ix_runs_lease (status, lease_until);

-- The tenant-server connections a run's long statements use (MySQL CONNECTION_ID()), so that
-- recovery can KILL QUERY what a dead owner left running. A run that ends normally forgets its
-- rows; only runs that died keep them, until the cleanup that follows them.
CREATE TABLE run_connections (
  run_id          BIGINT       NOT NULL,
  server          VARCHAR(255) NOT NULL,           -- host:port of the tenant's pod, no credentials
  connection_id   BIGINT       NOT NULL,
  recorded_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (run_id, server, connection_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
