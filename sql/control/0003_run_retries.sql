-- A run that Quartz retried after a transient failure is a new row (trigger_kind 'retry')
-- pointing at the run it repeats: the first run of the chain, so every attempt of one
-- console request or one scheduled occurrence is `run_id = R OR retry_of = R`.
ALTER TABLE runs ADD COLUMN retry_of BIGINT NULL AFTER trigger_kind;
ALTER TABLE runs ADD KEY ix_runs_retry_of (retry_of);
