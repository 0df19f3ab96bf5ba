-- an_account_spikes_next and an_account_spike_causes_next: every spike week of an_account_weeks_next
-- with what made it: the points of each person and of each channel (campaign or web) that week.
-- top_channel: the channel with the most points (the first by name on a tie); people: distinct
-- people with a signal that week.
DROP PROCEDURE IF EXISTS an_build_account_spikes;
DELIMITER //
CREATE PROCEDURE an_build_account_spikes()
BEGIN
  DROP TABLE IF EXISTS an_account_spike_causes_next;
  CREATE TABLE an_account_spike_causes_next LIKE an_account_spike_causes;
  INSERT INTO an_account_spike_causes_next (account_id, week_start, cause_kind, cause, points)
  SELECT s.account_id, s.week_start, 'person', s.person_id, SUM(s.points)
  FROM an_signals_work s
  JOIN an_account_weeks_next w ON w.account_id = s.account_id AND w.week_start = s.week_start AND w.is_spike = 1
  WHERE s.person_id IS NOT NULL
  GROUP BY s.account_id, s.week_start, s.person_id;
  INSERT INTO an_account_spike_causes_next (account_id, week_start, cause_kind, cause, points)
  SELECT s.account_id, s.week_start, 'channel', s.channel, SUM(s.points)
  FROM an_signals_work s
  JOIN an_account_weeks_next w ON w.account_id = s.account_id AND w.week_start = s.week_start AND w.is_spike = 1
  WHERE s.channel IS NOT NULL
  GROUP BY s.account_id, s.week_start, s.channel;

  DROP TABLE IF EXISTS an_account_spikes_next;
  CREATE TABLE an_account_spikes_next LIKE an_account_spikes;
  INSERT INTO an_account_spikes_next (account_id, week_start, score, trailing_mean, trailing_sd, people, top_channel)
  SELECT w.account_id, w.week_start, w.score, w.trailing_mean, w.trailing_sd,
         (SELECT COUNT(*) FROM an_account_spike_causes_next c
          WHERE c.account_id = w.account_id AND c.week_start = w.week_start AND c.cause_kind = 'person'),
         (SELECT c.cause FROM an_account_spike_causes_next c
          WHERE c.account_id = w.account_id AND c.week_start = w.week_start AND c.cause_kind = 'channel'
          ORDER BY c.points DESC, c.cause LIMIT 1)
  FROM an_account_weeks_next w
  WHERE w.is_spike = 1;
END//
DELIMITER ;
