-- What this run built, for the step's detail and the lists' "now": account weeks, spikes, and the
-- tenant's last week with points (a day number; NULL without any).
SELECT COUNT(*) AS account_weeks, COALESCE(SUM(is_spike), 0) AS spikes,
       MAX(CASE WHEN points > 0 THEN week_day END) AS last_day
FROM eg_account_weeks
