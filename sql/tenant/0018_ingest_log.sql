-- One row per ingest that loaded files, by the cycle's ingest step or by `bfw ingest`: a run whose
-- own exports folder is empty still counts as fed when files were loaded since the tenant's last
-- completed run started (docs/decisions/no-exports-status.md).
CREATE TABLE ingest_log (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  loaded_at    DATETIME(6)   NOT NULL,
  files        INT           NOT NULL,
  loaded_rows  BIGINT        NOT NULL,
  KEY ix_ingest_log_loaded (loaded_at)
) ENGINE=InnoDB;
