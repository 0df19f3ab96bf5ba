-- Every account week with a score: its points, the trailing mean and sd (population) of the 8 weeks
-- before it, a week without a row counting 0, and whether it is a spike: points > 0,
-- score >= spike_min_score and score > mean + spike_k × sd (MySQL: an_account_weeks_next, built by
-- an_build_account_weeks with a RANGE window, which Impala has only without offsets). An account
-- has one row per week, so the weeks of the 8 before it that have a row are among its 8 rows before:
-- LAG 1 … 8 in week order, each counted when its week is at most 8 weeks (56 days) back.
-- The week's measures (people, touches, sessions, …) are counted for the listed accounts only, as
-- they are copied back (analytics/an_account_weeks.sql).
CREATE TABLE eg_account_weeks STORED AS PARQUET AS
SELECT t.account_id, t.week_day, t.points, t.score,
       t.total / 8 AS trailing_mean,
       sqrt(greatest(t.squares / 8 - pow(t.total / 8, 2), 0)) AS trailing_sd,
       CASE WHEN t.points > 0 AND t.score >= st.spike_min_score
                 AND t.score > t.total / 8 + st.spike_k * sqrt(greatest(t.squares / 8 - pow(t.total / 8, 2), 0))
            THEN 1 ELSE 0 END AS is_spike
FROM (
  SELECT b.account_id, b.week_day, b.points, b.score,
         CASE WHEN b.w1 >= b.week_day - 56 THEN b.s1 ELSE 0 END + CASE WHEN b.w2 >= b.week_day - 56 THEN b.s2 ELSE 0 END
                 + CASE WHEN b.w3 >= b.week_day - 56 THEN b.s3 ELSE 0 END + CASE WHEN b.w4 >= b.week_day - 56 THEN b.s4 ELSE 0 END
                 + CASE WHEN b.w5 >= b.week_day - 56 THEN b.s5 ELSE 0 END + CASE WHEN b.w6 >= b.week_day - 56 THEN b.s6 ELSE 0 END
                 + CASE WHEN b.w7 >= b.week_day - 56 THEN b.s7 ELSE 0 END + CASE WHEN b.w8 >= b.week_day - 56 THEN b.s8 ELSE 0 END AS total,
         CASE WHEN b.w1 >= b.week_day - 56 THEN b.s1 * b.s1 ELSE 0 END + CASE WHEN b.w2 >= b.week_day - 56 THEN b.s2 * b.s2 ELSE 0 END
                 + CASE WHEN b.w3 >= b.week_day - 56 THEN b.s3 * b.s3 ELSE 0 END + CASE WHEN b.w4 >= b.week_day - 56 THEN b.s4 * b.s4 ELSE 0 END
                 + CASE WHEN b.w5 >= b.week_day - 56 THEN b.s5 * b.s5 ELSE 0 END + CASE WHEN b.w6 >= b.week_day - 56 THEN b.s6 * b.s6 ELSE 0 END
                 + CASE WHEN b.w7 >= b.week_day - 56 THEN b.s7 * b.s7 ELSE 0 END + CASE WHEN b.w8 >= b.week_day - 56 THEN b.s8 * b.s8 ELSE 0 END AS squares
  FROM (
    SELECT account_id, week_day, points, score,
         LAG(week_day, 1) OVER (PARTITION BY account_id ORDER BY week_day) AS w1, LAG(score, 1) OVER (PARTITION BY account_id ORDER BY week_day) AS s1,
         LAG(week_day, 2) OVER (PARTITION BY account_id ORDER BY week_day) AS w2, LAG(score, 2) OVER (PARTITION BY account_id ORDER BY week_day) AS s2,
         LAG(week_day, 3) OVER (PARTITION BY account_id ORDER BY week_day) AS w3, LAG(score, 3) OVER (PARTITION BY account_id ORDER BY week_day) AS s3,
         LAG(week_day, 4) OVER (PARTITION BY account_id ORDER BY week_day) AS w4, LAG(score, 4) OVER (PARTITION BY account_id ORDER BY week_day) AS s4,
         LAG(week_day, 5) OVER (PARTITION BY account_id ORDER BY week_day) AS w5, LAG(score, 5) OVER (PARTITION BY account_id ORDER BY week_day) AS s5,
         LAG(week_day, 6) OVER (PARTITION BY account_id ORDER BY week_day) AS w6, LAG(score, 6) OVER (PARTITION BY account_id ORDER BY week_day) AS s6,
         LAG(week_day, 7) OVER (PARTITION BY account_id ORDER BY week_day) AS w7, LAG(score, 7) OVER (PARTITION BY account_id ORDER BY week_day) AS s7,
         LAG(week_day, 8) OVER (PARTITION BY account_id ORDER BY week_day) AS w8, LAG(score, 8) OVER (PARTITION BY account_id ORDER BY week_day) AS s8
    FROM eg_week_scores
  ) b
) t
CROSS JOIN eg_settings st
