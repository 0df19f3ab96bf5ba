-- The engage step's second half, the same on both engines: from the weeks and spikes just built
-- (an_account_weeks_next, an_account_spikes_next, an_account_spike_causes_next, by an_build_engagement
-- in MySQL or by the cluster) and the lists' members (an_list_members_work), the target accounts,
-- their weeks (each engine packs them for publish), spikes and history; then everything swapped in at once
-- through the run's fence, with the journeys (an_account_journey_next and its packed rows), which
-- an_build_account_journey built beside the first half.
-- p_last_week: the tenant's last week with points over every account (NULL: none).
DROP PROCEDURE IF EXISTS an_build_list_engagement;
DELIMITER //
CREATE PROCEDURE an_build_list_engagement(IN p_run_id BIGINT, IN p_run_date DATE, IN p_last_week DATE)
BEGIN
  CALL an_build_target_accounts(p_run_id, p_run_date, p_last_week);
  CALL an_build_target_account_spikes();
  CALL an_swap_engagement();
  CALL an_clear_engagement_work();
END//
DELIMITER ;
