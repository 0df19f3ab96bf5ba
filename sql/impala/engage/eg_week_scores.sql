-- score(w) = Σ k = 0 … window−1 of decay^k × points(w − k): each week's points spread forward over
-- the window, up to the tenant's last week with points (MySQL: an_week_scores_work), and the week's
-- own points (its k = 0 term). A view: only eg_account_weeks reads it, so its three million rows at L
-- are never written out.
CREATE VIEW eg_week_scores AS
SELECT p.account_id, p.week_day + 7 * o.k AS week_day, SUM(p.points * pow(s.decay, o.k)) AS score,
       SUM(CASE WHEN o.k = 0 THEN p.points ELSE 0 END) AS points
FROM eg_week_points p
CROSS JOIN eg_settings s
CROSS JOIN (SELECT MAX(week_day) AS last_day FROM eg_signals WHERE points > 0) l
JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
      UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11) o
  ON o.k < s.window_weeks
WHERE p.week_day + 7 * o.k <= l.last_day
GROUP BY p.account_id, p.week_day + 7 * o.k
