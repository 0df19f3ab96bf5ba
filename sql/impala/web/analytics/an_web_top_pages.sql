-- → MySQL an_web_top_pages: the pages the people of an opportunity's account (web_person_accounts,
-- attribution's account path) viewed on a day before the opportunity's created day (the view's day
-- in the tenant's time zone). views counts a page view once per opportunity it preceded; people and
-- opportunities are distinct. The 100 pages with the most views (ties by path). Paths are cut at
-- 500 characters, MySQL's column. An identified visitor's page views are first counted per path,
-- person and day, so the join with the account's opportunities multiplies days, not events.
SELECT v.path, SUM(v.day_views) AS `views`, COUNT(DISTINCT v.person_id) AS people, COUNT(DISTINCT v.opportunity_id) AS opportunities
FROM (
  SELECT d.path, d.person_id, d.day_views, o.opportunity_id
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
  JOIN web_opportunities o ON o.account_id = pa.account_id
  WHERE d.view_day < o.created_day
) v
GROUP BY v.path
ORDER BY `views` DESC, v.path
LIMIT 100
