-- What made each spike: the points of each person and of each channel (campaign or web) that week
-- (MySQL: an_account_spike_causes_next, built by an_build_account_spikes).
CREATE TABLE eg_spike_causes STORED AS PARQUET AS
SELECT s.account_id, s.week_day, 'person' AS cause_kind, s.person_id AS cause, SUM(s.points) AS points
FROM eg_signals s
JOIN eg_account_weeks w ON w.account_id = s.account_id AND w.week_day = s.week_day AND w.is_spike = 1
WHERE s.person_id IS NOT NULL
GROUP BY s.account_id, s.week_day, s.person_id
UNION ALL
SELECT s.account_id, s.week_day, 'channel', s.channel, SUM(s.points)
FROM eg_signals s
JOIN eg_account_weeks w ON w.account_id = s.account_id AND w.week_day = s.week_day AND w.is_spike = 1
WHERE s.channel IS NOT NULL
GROUP BY s.account_id, s.week_day, s.channel
