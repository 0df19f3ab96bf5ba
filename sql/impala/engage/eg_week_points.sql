-- Every account week with points (MySQL: an_week_points_work, which carries the week's measures
-- too). Every account needs only its points here: the scores, the trailing window and the spikes.
-- The measures are shown for the listed accounts alone, so the copy back counts them for those
-- (analytics/an_account_weeks.sql): at L the distinct people of every account week took 6 s here.
-- A view: only eg_week_scores reads it.
CREATE VIEW eg_week_points AS
SELECT account_id, week_day, SUM(points) AS points
FROM eg_signals
GROUP BY account_id, week_day
HAVING SUM(points) > 0
