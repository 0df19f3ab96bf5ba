-- What made each spike: the points of each person and of each channel (campaign or web) that week
-- (MySQL: an_account_spike_causes_next, built by an_build_account_spikes). The spike weeks' signals
-- are picked out once for both groupings: at L 900 ms to 1.4 s, where joining the signals to the
-- spikes for each grouping took 1.4-2.1 s (the same 339,436 rows).
CREATE TABLE eg_spike_causes STORED AS PARQUET AS
WITH spiked AS (
  SELECT s.account_id, s.week_day, s.person_id, s.channel, s.points
  FROM eg_signals s
  JOIN eg_account_weeks w ON w.account_id = s.account_id AND w.week_day = s.week_day AND w.is_spike = 1
)
SELECT account_id, week_day, 'person' AS cause_kind, person_id AS cause, SUM(points) AS points
FROM spiked
WHERE person_id IS NOT NULL
GROUP BY account_id, week_day, person_id
UNION ALL
SELECT account_id, week_day, 'channel', channel, SUM(points)
FROM spiked
WHERE channel IS NOT NULL
GROUP BY account_id, week_day, channel
