-- For a tenant on the Impala engine the pairs live on the cluster (bfw_<tenant>.at_paths) and
-- never land here: at_paths and at_unattributed stay empty, and at_build_info says where the
-- attribution in force lives. Reading one opportunity's path (bfw explain) goes to that side.

-- The milestones each pair holds, as both engines compute them: a bit mask of 1 first touch,
-- 2 lead creation, 4 opportunity creation, 8 closed won (revenue stage, tN). NULL on pairs built
-- before this column existed, until the next attribute run.
ALTER TABLE at_paths ADD COLUMN milestones TINYINT NULL AFTER amount;

-- Where the attribution lives: engine mysql = these tables; engine impala = cluster_database's
-- views, which point at the tables of run run_id. Row counts of what was built, on either side.
ALTER TABLE at_build_info
  ADD COLUMN cluster_database   VARCHAR(64)  NULL,
  ADD COLUMN run_id             BIGINT       NULL,
  ADD COLUMN path_rows          BIGINT       NULL,
  ADD COLUMN unattributed_rows  BIGINT       NULL;

UPDATE at_build_info SET path_rows = (SELECT COUNT(*) FROM at_paths), unattributed_rows = (SELECT COUNT(*) FROM at_unattributed);
