-- The event lake's manifest (docs/web-activity.md, "The event lake"): one row per spool segment
-- shipped to bfw_<tenant>.web_events. The shipper writes a segment's Parquet files (named after
-- the segment, so a re-ship overwrites them), registers their day partitions, then writes this
-- row, and only then removes the segment file: a segment found here is shipped and only removed.
-- Times are UTC; events counts whole frames (a torn tail, never acknowledged, is torn_bytes).
CREATE TABLE event_segments (
  tenant_id       VARCHAR(31)  NOT NULL,
  segment         VARCHAR(100) NOT NULL,
  events          BIGINT       NOT NULL,
  torn_bytes      BIGINT       NOT NULL DEFAULT 0,
  first_event_at  DATETIME(3)  NULL,
  last_event_at   DATETIME(3)  NULL,
  shipped_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (tenant_id, segment)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
