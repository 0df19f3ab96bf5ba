-- → MySQL an_account_spikes_next: every spike week of every account, with the number of people
-- who made it and its top channel (the most points; the first by name on a tie).
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT w.account_id, w.week_day, w.score, w.trailing_mean, w.trailing_sd,
       COALESCE(pc.people, 0) AS people, tc.cause AS top_channel
FROM eg_account_weeks w
LEFT JOIN (SELECT account_id, week_day, COUNT(*) AS people FROM eg_spike_causes WHERE cause_kind = 'person'
           GROUP BY account_id, week_day) pc
  ON pc.account_id = w.account_id AND pc.week_day = w.week_day
LEFT JOIN (SELECT account_id, week_day, cause,
                  ROW_NUMBER() OVER (PARTITION BY account_id, week_day ORDER BY points DESC, cause) AS place
           FROM eg_spike_causes WHERE cause_kind = 'channel') tc
  ON tc.account_id = w.account_id AND tc.week_day = w.week_day AND tc.place = 1
WHERE w.is_spike = 1
ORDER BY w.account_id, w.week_day
