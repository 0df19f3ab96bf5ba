-- → MySQL an_web_top_pages: the pages the people of an opportunity's account (web_person_accounts,
-- attribution's account path: one account per person) viewed on a day before the opportunity's
-- created day (the view's day in the tenant's time zone). views counts a page view once per
-- opportunity it preceded; people and opportunities are distinct. The 100 pages with the most views
-- (ties by path). Paths are cut at 500 characters, MySQL's column.
--
-- Without pairing views with opportunities (at M that is 10M pairs): an identified visitor's page
-- views are counted per path, person and day; each such row and each opportunity become one row of
-- their account, and a running count over the account's rows by day, latest first (an opportunity
-- after the views of its own day), gives each view row `later`: the account's opportunities created
-- after that day. Then per path and account: view_count = Σ views × later; people = those with
-- later > 0; opportunities = the largest later (at the earliest view). Accounts share no person
-- and no opportunity, so the path's distinct counts are sums over its accounts.
SELECT g.path, SUM(g.view_count) AS `views`, SUM(g.people) AS people, SUM(g.opportunities) AS opportunities
FROM (
  SELECT a.path, a.account_id, SUM(a.day_views * a.later) AS view_count,
         COUNT(DISTINCT CASE WHEN a.later > 0 THEN a.person_id END) AS people, MAX(a.later) AS opportunities
  FROM (
    SELECT u.path, u.person_id, u.account_id, u.day_views, u.is_opportunity,
           SUM(u.is_opportunity) OVER (PARTITION BY u.account_id ORDER BY u.day_number DESC, u.is_opportunity
                                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS later
    FROM (
      SELECT d.path, d.person_id, pa.account_id, d.view_day AS day_number, d.day_views, 0 AS is_opportunity
      FROM (
        SELECT substr(e.path, 1, 500) AS path, vp.person_id,
               (e.event_ts + COALESCE(z.offset_ms, 0)) DIV 86400000 + 719528 AS view_day, COUNT(*) AS day_views
        FROM ${var:tenant_db}.web_events e
        JOIN web_visitor_people vp ON vp.visitor_id = e.visitor_id
        LEFT JOIN web_day_offsets z ON z.utc_day = e.event_ts DIV 86400000 AND e.event_ts >= z.from_ms AND e.event_ts < z.to_ms
        WHERE e.event_type = 'page' AND e.path IS NOT NULL AND e.event_ts IS NOT NULL
        GROUP BY substr(e.path, 1, 500), vp.person_id, (e.event_ts + COALESCE(z.offset_ms, 0)) DIV 86400000 + 719528
      ) d
      JOIN web_person_accounts pa ON pa.person_id = d.person_id
      UNION ALL
      SELECT CAST(NULL AS STRING), CAST(NULL AS STRING), o.account_id, o.created_day, 0, 1
      FROM web_opportunities o
    ) u
  ) a
  WHERE a.is_opportunity = 0
  GROUP BY a.path, a.account_id
) g
GROUP BY g.path
ORDER BY `views` DESC, g.path
LIMIT 100
