-- an_account_weeks_next and an_account_week_channels_next from an_signals_work (docs/abm.md).
-- score(w) = Σ k = 0 … window−1 of decay^k × points(w − k): each week's points are spread forward
-- over the window, so an account has a row for each week with points and for the weeks its echo
-- lasts, up to the tenant's last week with points. trailing_mean / trailing_sd (population): over
-- the scores of the 8 weeks before, a week without a row counting 0 (a RANGE window over week numbers).
-- is_spike: points > 0, score >= spike_min_score and score > trailing_mean + spike_k × trailing_sd.
DROP PROCEDURE IF EXISTS an_build_account_weeks;
DELIMITER //
CREATE PROCEDURE an_build_account_weeks()
BEGIN
  DECLARE v_decay, v_k, v_min DOUBLE;
  DECLARE v_window INT;
  DECLARE v_last DATE;
  SELECT engagement_decay, engagement_window_weeks, spike_k, spike_min_score
    INTO v_decay, v_window, v_k, v_min FROM cfg_tenant_settings WHERE id = 1;
  SELECT MAX(week_start) INTO v_last FROM an_signals_work WHERE points > 0;

  DROP TEMPORARY TABLE IF EXISTS an_week_offsets;
  CREATE TEMPORARY TABLE an_week_offsets (k INT NOT NULL PRIMARY KEY) ENGINE=MEMORY;
  INSERT INTO an_week_offsets (k) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12);

  -- Every week with a signal, its points and its measures, in one pass over the signals.
  TRUNCATE TABLE an_week_points_work;
  INSERT INTO an_week_points_work (account_id, week_start, points, people_engaged, campaign_touches, web_sessions, page_views,
                                   new_leads, new_contacts, opps_opened, pipeline_opened)
  SELECT account_id, week_start, SUM(points),
         COUNT(DISTINCT CASE WHEN kind IN ('touch', 'web') THEN person_id END),
         SUM(CASE WHEN kind = 'touch' THEN events ELSE 0 END),
         SUM(CASE WHEN kind = 'web' THEN events ELSE 0 END),
         SUM(CASE WHEN kind = 'web' THEN page_views ELSE 0 END),
         SUM(CASE WHEN kind = 'lead' THEN events ELSE 0 END),
         SUM(CASE WHEN kind = 'contact' THEN events ELSE 0 END),
         SUM(CASE WHEN kind = 'opportunity' THEN events ELSE 0 END),
         SUM(CASE WHEN kind = 'opportunity' THEN amount ELSE 0 END)
  FROM an_signals_work GROUP BY account_id, week_start;

  TRUNCATE TABLE an_week_scores_work;
  INSERT INTO an_week_scores_work (account_id, week_start, score)
  SELECT p.account_id, p.week_start + INTERVAL 7 * o.k DAY, SUM(p.points * POW(v_decay, o.k))
  FROM an_week_points_work p JOIN an_week_offsets o ON o.k < v_window
  WHERE p.points > 0 AND p.week_start + INTERVAL 7 * o.k DAY <= v_last
  GROUP BY p.account_id, p.week_start + INTERVAL 7 * o.k DAY;

  TRUNCATE TABLE an_week_trailing_work;
  -- A window over the week number (weeks are Mondays, so TO_DAYS DIV 7 counts them): one sort of
  -- the scores instead of a join eight times their size.
  INSERT INTO an_week_trailing_work (account_id, week_start, total, squares)
  SELECT account_id, week_start,
         COALESCE(SUM(score) OVER (PARTITION BY account_id ORDER BY TO_DAYS(week_start) DIV 7 RANGE BETWEEN 8 PRECEDING AND 1 PRECEDING), 0),
         COALESCE(SUM(score * score) OVER (PARTITION BY account_id ORDER BY TO_DAYS(week_start) DIV 7 RANGE BETWEEN 8 PRECEDING AND 1 PRECEDING), 0)
  FROM an_week_scores_work;

  DROP TABLE IF EXISTS an_account_weeks_next;
  CREATE TABLE an_account_weeks_next LIKE an_account_weeks;
  INSERT INTO an_account_weeks_next (account_id, week_start, people_engaged, campaign_touches, web_sessions, page_views,
                                     new_leads, new_contacts, opps_opened, pipeline_opened, points, score,
                                     trailing_mean, trailing_sd, is_spike)
  SELECT s.account_id, s.week_start,
         COALESCE(p.people_engaged, 0), COALESCE(p.campaign_touches, 0), COALESCE(p.web_sessions, 0), COALESCE(p.page_views, 0),
         COALESCE(p.new_leads, 0), COALESCE(p.new_contacts, 0), COALESCE(p.opps_opened, 0), COALESCE(p.pipeline_opened, 0),
         COALESCE(p.points, 0), s.score,
         t.total / 8,
         SQRT(GREATEST(t.squares / 8 - POW(t.total / 8, 2), 0)),
         CASE WHEN p.points > 0 AND s.score >= v_min
                   AND s.score > t.total / 8 + v_k * SQRT(GREATEST(t.squares / 8 - POW(t.total / 8, 2), 0))
              THEN 1 ELSE 0 END
  FROM an_week_scores_work s
  JOIN an_week_trailing_work t ON t.account_id = s.account_id AND t.week_start = s.week_start
  LEFT JOIN an_week_points_work p ON p.account_id = s.account_id AND p.week_start = s.week_start;

  DROP TABLE IF EXISTS an_account_week_channels_next;
  CREATE TABLE an_account_week_channels_next LIKE an_account_week_channels;
  INSERT INTO an_account_week_channels_next (account_id, week_start, kind, channel, events, page_views, points)
  SELECT account_id, week_start, kind, channel, SUM(events), SUM(page_views), SUM(points)
  FROM an_signals_work WHERE kind IN ('touch', 'web')
  GROUP BY account_id, week_start, kind, channel;

  DROP TEMPORARY TABLE an_week_offsets;
END//
DELIMITER ;
