-- Who may write this tenant's database: the run holding the fence (run_id, with the lease epoch
-- it was given when it took the tenant) until lease_until, on this server's clock. A run claims
-- the fence when it starts (run_fence_claim: a higher epoch wins, never a lower one), renews
-- lease_until with its heartbeat, and every swap checks it under the fence lock
-- (run_fence_swap). A run whose lease passed, or that another run has superseded, swaps
-- nothing: a stalled owner that wakes up late, or a procedure that outlived its client.
CREATE TABLE run_fence (
  id           TINYINT      NOT NULL PRIMARY KEY,
  run_id       BIGINT       NULL,
  epoch        BIGINT       NOT NULL DEFAULT 0,
  lease_until  DATETIME(6)  NULL,
  claimed_at   DATETIME(6)  NULL,
  CONSTRAINT ck_run_fence_one_row CHECK (id = 1)
) ENGINE=InnoDB;

INSERT INTO run_fence (id) VALUES (1);
