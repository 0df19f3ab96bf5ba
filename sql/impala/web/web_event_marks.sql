-- Pass 1 of sessionizing: every page and identify event of the lake (bfw_<tenant>.web_events,
-- partitioned or not: the SQL reads every row) in one sort order per visitor, (event_ts, event_id),
-- with what the session rules read: seq (the event's rank), the previous event's time, the page
-- views before it, the visitor's last event time and page views, and gap_start: a page view that is
-- the visitor's first, or that comes more than 30 minutes (1,800,000 ms) after the visitor's
-- previous event (identify events count as activity: they keep a session alive). utm_key is the UTM
-- triple of a page view carrying any of utm_source, utm_medium, utm_campaign, as one comparable
-- value. The landing attributes are carried on page views only; they are kept for the rows that
-- may start a session (web_session_starts), so sessions never go back to the lake.
CREATE TABLE web_event_marks STORED AS PARQUET AS
SELECT m.visitor_id, m.event_ts, m.seq, m.prev_ts, m.pages_before, m.last_ts, m.pages, m.utm_key,
       CASE WHEN m.is_page = 1 AND (m.pages_before = 0 OR m.event_ts - m.prev_ts > 1800000) THEN 1 ELSE 0 END AS gap_start,
       m.path, m.host, m.referrer_host, m.utm_source, m.utm_medium, m.utm_campaign
FROM (
  SELECT e.visitor_id, e.event_ts,
         CASE WHEN e.event_type = 'page' THEN 1 ELSE 0 END AS is_page,
         CASE WHEN e.event_type = 'page' AND (e.utm_source IS NOT NULL OR e.utm_medium IS NOT NULL OR e.utm_campaign IS NOT NULL)
              THEN concat(coalesce(e.utm_source, ''), '\t', coalesce(e.utm_medium, ''), '\t', coalesce(e.utm_campaign, '')) END AS utm_key,
         CASE WHEN e.event_type = 'page' THEN e.path END AS path,
         CASE WHEN e.event_type = 'page' THEN e.host END AS host,
         CASE WHEN e.event_type = 'page' THEN e.referrer_host END AS referrer_host,
         CASE WHEN e.event_type = 'page' THEN e.utm_source END AS utm_source,
         CASE WHEN e.event_type = 'page' THEN e.utm_medium END AS utm_medium,
         CASE WHEN e.event_type = 'page' THEN e.utm_campaign END AS utm_campaign,
         ROW_NUMBER() OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id) AS seq,
         LAG(e.event_ts) OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id) AS prev_ts,
         COALESCE(SUM(CASE WHEN e.event_type = 'page' THEN 1 ELSE 0 END)
           OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS pages_before,
         MAX(e.event_ts) OVER (PARTITION BY e.visitor_id) AS last_ts,
         SUM(CASE WHEN e.event_type = 'page' THEN 1 ELSE 0 END) OVER (PARTITION BY e.visitor_id) AS pages
  FROM ${var:tenant_db}.web_events e
  WHERE e.visitor_id IS NOT NULL AND e.event_ts IS NOT NULL AND e.event_type IN ('page', 'identify')
) m
