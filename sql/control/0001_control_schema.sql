-- Control database: which pods exist, which tenants live where, how each tenant is configured,
-- and the story of every run. Quartz's QRTZ_ tables are provisioned by Quartz itself.

CREATE TABLE pods (
  pod_name        VARCHAR(64)  NOT NULL PRIMARY KEY,
  connection_string VARCHAR(1024) NOT NULL,  -- server-level; tenant databases are bf_t_<tenant> on it
  max_concurrent  INT          NOT NULL DEFAULT 4,
  created_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE tenants (
  tenant_id       VARCHAR(31)  NOT NULL PRIMARY KEY,
  pod_name        VARCHAR(64)  NOT NULL,
  time_zone       VARCHAR(64)  NOT NULL DEFAULT 'UTC',
  cron            VARCHAR(120) NOT NULL DEFAULT '0 0 2 * * ?',
  created_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  CONSTRAINT fk_tenants_pod FOREIGN KEY (pod_name) REFERENCES pods (pod_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every change of a tenant's configuration is a new version; the highest version is in force.
CREATE TABLE tenant_config (
  tenant_id       VARCHAR(31)  NOT NULL,
  version         INT          NOT NULL,
  config          JSON         NOT NULL,
  changed_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  changed_by      VARCHAR(255) NOT NULL,
  PRIMARY KEY (tenant_id, version),
  CONSTRAINT fk_tenant_config_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE filters (
  tenant_id       VARCHAR(31)  NOT NULL,
  filter_name     VARCHAR(100) NOT NULL,
  rule            JSON         NOT NULL,
  created_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (tenant_id, filter_name),
  CONSTRAINT fk_filters_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE runs (
  run_id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  tenant_id       VARCHAR(31)  NOT NULL,
  trigger_kind    VARCHAR(16)  NOT NULL,           -- schedule | console | retry
  from_step       VARCHAR(32)  NULL,
  only_step       VARCHAR(32)  NULL,
  engine          VARCHAR(16)  NULL,
  node            VARCHAR(255) NULL,
  status          VARCHAR(16)  NOT NULL,           -- queued | running | succeeded | failed | cancelled
  cancel_requested TINYINT(1)  NOT NULL DEFAULT 0,
  queued_at       DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  started_at      DATETIME(6)  NULL,
  ended_at        DATETIME(6)  NULL,
  error           TEXT         NULL,
  KEY ix_runs_tenant (tenant_id, run_id),
  KEY ix_runs_status (status, run_id),
  CONSTRAINT fk_runs_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (tenant_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE run_steps (
  run_id          BIGINT       NOT NULL,
  step            VARCHAR(32)  NOT NULL,
  status          VARCHAR(16)  NOT NULL,           -- running | succeeded | failed | cancelled | skipped
  started_at      DATETIME(6)  NOT NULL,
  ended_at        DATETIME(6)  NULL,
  row_count       BIGINT       NULL,
  detail          TEXT         NULL,
  error           TEXT         NULL,
  PRIMARY KEY (run_id, step),
  CONSTRAINT fk_run_steps_run FOREIGN KEY (run_id) REFERENCES runs (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
