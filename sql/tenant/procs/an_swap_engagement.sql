-- The engage step's swap: every engagement table built as *_next goes in with one fenced RENAME
-- TABLE (run_fence_swap), so readers and publish see this run's engagement whole or the last one,
-- and a run that no longer holds the tenant changes nothing (the history included).
DROP PROCEDURE IF EXISTS an_swap_engagement;
DELIMITER //
CREATE PROCEDURE an_swap_engagement()
BEGIN
  DROP TABLE IF EXISTS an_account_weeks_old, an_account_week_channels_old, an_account_spikes_old, an_account_spike_causes_old,
                       an_abm_lists_old, an_target_accounts_old, an_target_account_weeks_old, an_target_account_history_old,
                       an_account_journey_old,
                       an_account_journey_packed_old, an_target_account_weeks_packed_old,
                       an_target_account_spikes_old, an_target_account_spike_causes_old;
  CALL run_fence_swap('the engagement', 'an_account_weeks TO an_account_weeks_old, an_account_weeks_next TO an_account_weeks,
      an_account_week_channels TO an_account_week_channels_old, an_account_week_channels_next TO an_account_week_channels,
      an_account_spikes TO an_account_spikes_old, an_account_spikes_next TO an_account_spikes,
      an_account_spike_causes TO an_account_spike_causes_old, an_account_spike_causes_next TO an_account_spike_causes,
      an_abm_lists TO an_abm_lists_old, an_abm_lists_next TO an_abm_lists,
      an_target_accounts TO an_target_accounts_old, an_target_accounts_next TO an_target_accounts,
      an_target_account_weeks TO an_target_account_weeks_old, an_target_account_weeks_next TO an_target_account_weeks,
      an_target_account_history TO an_target_account_history_old, an_target_account_history_next TO an_target_account_history,
      an_account_journey TO an_account_journey_old, an_account_journey_next TO an_account_journey,
      an_account_journey_packed TO an_account_journey_packed_old, an_account_journey_packed_next TO an_account_journey_packed,
      an_target_account_weeks_packed TO an_target_account_weeks_packed_old, an_target_account_weeks_packed_next TO an_target_account_weeks_packed,
      an_target_account_spikes TO an_target_account_spikes_old, an_target_account_spikes_next TO an_target_account_spikes,
      an_target_account_spike_causes TO an_target_account_spike_causes_old, an_target_account_spike_causes_next TO an_target_account_spike_causes');
  DROP TABLE an_account_weeks_old, an_account_week_channels_old, an_account_spikes_old, an_account_spike_causes_old,
             an_abm_lists_old, an_target_accounts_old, an_target_account_weeks_old, an_target_account_history_old,
             an_account_journey_old, an_account_journey_packed_old, an_target_account_weeks_packed_old,
             an_target_account_spikes_old, an_target_account_spike_causes_old;
END//
DELIMITER ;
