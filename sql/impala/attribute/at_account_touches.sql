-- The touches of the account influence path, ranked once per account instead of once per path:
-- every touch (at_touches) of a person who counts for an account (at_person_accounts), with the
-- person's created day, numbered 1…n within its account by (touch_day, touch_id). A path of the
-- account path is the account's touches between its window start and anchor day: a run of
-- consecutive ranks, so a pair's position is its rank less the path's first rank, plus one
-- (at_positions, at_milestones). Ranking the L tenant's 3M touches here replaced a window over its
-- 22M pairs (28 s of 52 at L). Empty unless the tenant's influence_path is account.
CREATE TABLE at_account_touches STORED AS PARQUET AS
SELECT pa.account_id, t.touch_id, t.campaign_id, t.person_id, t.touch_day, pe.created_day AS person_created_day,
       ROW_NUMBER() OVER (PARTITION BY pa.account_id ORDER BY t.touch_day, t.touch_id) AS path_rank
FROM at_touches t
JOIN at_person_accounts pa ON pa.person_id = t.person_id
LEFT JOIN cn_people pe ON pe.person_id = t.person_id
CROSS JOIN cfg_settings s
WHERE s.influence_path = 'account'
