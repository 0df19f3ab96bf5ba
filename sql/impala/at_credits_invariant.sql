-- The invariant the step checks before anything is copied back: shares per (opportunity,
-- stage, model) sum to 1 within 1e-9. Returns the first violation, or no row.
SELECT opportunity_id, stage, model, SUM(share) AS share_sum
FROM at_credits
GROUP BY opportunity_id, stage, model
HAVING ABS(SUM(share) - 1) > 0.000000001
ORDER BY opportunity_id, stage, model
LIMIT 1
