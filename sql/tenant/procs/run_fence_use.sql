-- Says which run this session writes for (run_fence_check reads it): the run id and the lease
-- epoch it took the tenant with, or NULLs for a session that belongs to no run. Called by the
-- orchestrator before each statement of a run, since pooled connections outlive runs.
DROP PROCEDURE IF EXISTS run_fence_use;
DELIMITER //
CREATE PROCEDURE run_fence_use(IN p_run_id BIGINT, IN p_epoch BIGINT)
BEGIN
  SET @bfw_run = p_run_id, @bfw_epoch = p_epoch;
END//
DELIMITER ;
