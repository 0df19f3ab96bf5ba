-- an_target_account_spikes_next and an_target_account_spike_causes_next: the spikes, with their causes,
-- of the accounts in a list (an_target_accounts_next), out of every account's just built
-- (an_account_spikes_next, an_account_spike_causes_next): what publish copies, since only a listed
-- account's page shows them.
DROP PROCEDURE IF EXISTS an_build_target_account_spikes;
DELIMITER //
CREATE PROCEDURE an_build_target_account_spikes()
BEGIN
  DROP TABLE IF EXISTS an_target_account_spikes_next, an_target_account_spike_causes_next;
  CREATE TABLE an_target_account_spikes_next LIKE an_target_account_spikes;
  INSERT INTO an_target_account_spikes_next
  SELECT s.* FROM an_account_spikes_next s WHERE s.account_id IN (SELECT t.account_id FROM an_target_accounts_next t);
  CREATE TABLE an_target_account_spike_causes_next LIKE an_target_account_spike_causes;
  INSERT INTO an_target_account_spike_causes_next
  SELECT c.* FROM an_account_spike_causes_next c WHERE c.account_id IN (SELECT t.account_id FROM an_target_accounts_next t);
END//
DELIMITER ;
