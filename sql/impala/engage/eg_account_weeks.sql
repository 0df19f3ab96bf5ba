-- Every account week with a score, its measures, the trailing mean and sd (population) of the 8
-- weeks before it (a week without a row counting 0: each score is spread to the 8 weeks after it)
-- and whether it is a spike: points > 0, score >= spike_min_score and score > mean + spike_k × sd
-- (MySQL: an_account_weeks_next, built by an_build_account_weeks).
CREATE TABLE eg_account_weeks STORED AS PARQUET AS
SELECT s.account_id, s.week_day,
       COALESCE(p.people_engaged, 0) AS people_engaged, COALESCE(p.campaign_touches, 0) AS campaign_touches,
       COALESCE(p.web_sessions, 0) AS web_sessions, COALESCE(p.page_views, 0) AS page_views,
       COALESCE(p.new_leads, 0) AS new_leads, COALESCE(p.new_contacts, 0) AS new_contacts,
       COALESCE(p.opps_opened, 0) AS opps_opened, COALESCE(p.pipeline_opened, CAST(0 AS DECIMAL(20,2))) AS pipeline_opened,
       COALESCE(p.points, 0) AS points, s.score,
       COALESCE(t.total, 0) / 8 AS trailing_mean,
       sqrt(greatest(COALESCE(t.squares, 0) / 8 - pow(COALESCE(t.total, 0) / 8, 2), 0)) AS trailing_sd,
       CASE WHEN p.points > 0 AND s.score >= st.spike_min_score
                 AND s.score > COALESCE(t.total, 0) / 8
                               + st.spike_k * sqrt(greatest(COALESCE(t.squares, 0) / 8 - pow(COALESCE(t.total, 0) / 8, 2), 0))
            THEN 1 ELSE 0 END AS is_spike
FROM eg_week_scores s
CROSS JOIN eg_settings st
LEFT JOIN (
  SELECT b.account_id, b.week_day + 7 * o.k AS week_day, SUM(b.score) AS total, SUM(b.score * b.score) AS squares
  FROM eg_week_scores b
  CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
              UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) o
  GROUP BY b.account_id, b.week_day + 7 * o.k
) t ON t.account_id = s.account_id AND t.week_day = s.week_day
LEFT JOIN eg_week_points p ON p.account_id = s.account_id AND p.week_day = s.week_day
