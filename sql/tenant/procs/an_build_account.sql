-- an_account_next: account engagement on the as-of date (an_build_from_scopes: the last day with a
-- touch, never after the run date) — touches and people engaged in the 30 and 90 days up to it
-- (it included), the last touch, open pipeline and won revenue. The
-- 'all' filter lists every account; another filter lists the accounts of its opportunities and
-- sums only those opportunities.
DROP PROCEDURE IF EXISTS an_build_account;
DELIMITER //
CREATE PROCEDURE an_build_account(IN p_as_of DATE)
BEGIN
  DROP TABLE IF EXISTS an_account_next;
  CREATE TABLE an_account_next LIKE an_account;
  INSERT INTO an_account_next (filter_name, account_id, account_name, touches_30d, touches_90d, people_30d, people_90d,
                               last_touch_date, open_pipeline, won_revenue)
  SELECT fa.filter_name, a.account_id, a.name,
         COALESCE(e.touches_30d, 0), COALESCE(e.touches_90d, 0), COALESCE(e.people_30d, 0), COALESCE(e.people_90d, 0),
         e.last_touch_date, COALESCE(m.open_pipeline, 0), COALESCE(m.won_revenue, 0)
  FROM (
    SELECT 'all' AS filter_name, account_id FROM cn_accounts
    UNION
    SELECT s.filter_name, o.account_id
    FROM an_filter_scopes_next s JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
    WHERE s.filter_name <> 'all' AND o.account_id IS NOT NULL
  ) fa
  JOIN cn_accounts a ON a.account_id = fa.account_id
  LEFT JOIN (
    SELECT pa.account_id,
           SUM(t.touch_date > p_as_of - INTERVAL 30 DAY AND t.touch_date <= p_as_of) AS touches_30d,
           SUM(t.touch_date > p_as_of - INTERVAL 90 DAY AND t.touch_date <= p_as_of) AS touches_90d,
           COUNT(DISTINCT CASE WHEN t.touch_date > p_as_of - INTERVAL 30 DAY AND t.touch_date <= p_as_of THEN t.person_id END) AS people_30d,
           COUNT(DISTINCT CASE WHEN t.touch_date > p_as_of - INTERVAL 90 DAY AND t.touch_date <= p_as_of THEN t.person_id END) AS people_90d,
           MAX(CASE WHEN t.touch_date <= p_as_of THEN t.touch_date END) AS last_touch_date
    FROM at_person_accounts pa JOIN cn_touches t ON t.person_id = pa.person_id
    GROUP BY pa.account_id
  ) e ON e.account_id = a.account_id
  LEFT JOIN (
    SELECT s.filter_name, o.account_id,
           SUM(CASE WHEN o.is_closed = 0 THEN o.amount ELSE 0 END) AS open_pipeline,
           SUM(CASE WHEN o.is_won = 1 THEN o.amount ELSE 0 END) AS won_revenue
    FROM an_filter_scopes_next s JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
    GROUP BY s.filter_name, o.account_id
  ) m ON m.filter_name = fa.filter_name AND m.account_id = a.account_id;
END//
DELIMITER ;
