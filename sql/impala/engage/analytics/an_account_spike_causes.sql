-- → MySQL an_account_spike_causes_next: the people and channels of every spike.
SELECT account_id, week_day, cause_kind, cause, points FROM eg_spike_causes
