-- Fencing (docs/decisions/fencing.md). lease_epoch: the token a run took the tenant with, one more
-- than any run of the tenant before it; the tenant's database and bf_web keep the holder's
-- (run_id, lease_epoch) and refuse writes of anyone else. lock_connection: the control-server
-- connection holding the run's tenant lock (GET_LOCK bfw.cycle.<tenant>), so that whoever closes
-- the run as abandoned can free the tenant by killing it, even while its stalled owner lives.
ALTER TABLE runs ADD COLUMN lease_epoch BIGINT NULL AFTER lease_until,
                 ADD COLUMN lock_connection BIGINT NULL AFTER lease_epoch;
ALTER TABLE runs ADD KEY ix_runs_tenant_epoch (tenant_id, lease_epoch);
