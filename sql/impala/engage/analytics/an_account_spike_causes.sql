-- → MySQL an_account_spike_causes_next: the people and channels of every spike.
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT account_id, week_day, cause_kind, cause, points FROM eg_spike_causes
ORDER BY account_id, week_day, cause_kind, cause
