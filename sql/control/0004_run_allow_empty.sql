-- `bfw run <tenant> --allow-empty`: the operator says the tenant really was emptied, so a
-- canonical table that comes out empty where it had rows is swapped in rather than failing the
-- canonicalize step. Kept on the run (and on its retries) like from_step/only_step/engine.
ALTER TABLE runs ADD COLUMN allow_empty TINYINT(1) NOT NULL DEFAULT 0 AFTER engine;
