-- Log lines of each run (NLog, with the step they belong to), so `bfw logs <run-id>` reads
-- them from any node, whichever node ran the cycle.
CREATE TABLE run_logs (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  run_id          BIGINT       NOT NULL,
  logged_at       DATETIME(6)  NOT NULL,
  level           VARCHAR(8)   NOT NULL,
  step            VARCHAR(32)  NULL,
  message         TEXT         NOT NULL,
  KEY ix_run_logs_run (run_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
