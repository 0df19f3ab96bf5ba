-- One row per session, in one statement of three window passes per visitor (each pass sorts fewer
-- and narrower rows; written as separate tables they cost twice as much on the local engine):
--
-- (m) every page and identify event of the lake (bfw_<tenant>.web_events, partitioned or not: the
--     SQL reads every row) in the visitor's order (event_ts, event_id): seq, the previous event's
--     time, the page views before it, the visitor's last event time and page views. gap_start: a
--     page view that is the visitor's first, or comes more than 30 minutes (1,800,000 ms) after the
--     visitor's previous event (identify events count as activity: they keep a session alive).
--     utm_key: the UTM triple of a page view carrying any of utm_source, utm_medium, utm_campaign.
--     The landing attributes ride along on page views only. The visitor's totals (last_ts, pages)
--     are framed over the whole partition in the same order as the rest, so one sort serves every
--     window of the pass (a window without ORDER BY sorted the events a second time: 2 s of 32 at L).
-- (c) the page views that start a session. A gap start always does. A page view carrying UTM
--     starts one when its triple differs from the current session's, i.e. its landing page's.
--     Within a session every page carrying UTM has the landing page's triple (another would have
--     started a session), so among the rows that may start one (gap starts and UTM pages, in the
--     visitor's order) the row before a UTM page decides: the same triple continues that session;
--     a gap start without UTM began a session that has none, so any UTM starts a new one; another
--     triple starts one. A visitor's first page view is a gap start, so a UTM page always has a
--     row before it. Events before the first page view (identify only) belong to no session.
-- (s) each start to the visitor's next start: session_no (1, 2, … per visitor), the last event
--     (the one just before the next start, else the visitor's last) and the page views (the
--     visitor's page views before the next start, else all of them, less those before this start).
--
-- It reads the lake alone, nothing of the CRM: the cycle builds it while MySQL canonicalizes and
-- matches (WebSessionsAhead); the person of each visitor is joined later, in web_sessions.
-- Then the start day (a day number in the tenant's time zone like MySQL's TO_DAYS, 719528 =
-- 1970-01-01, from the zone's UTC offset at the start: web_day_offsets, the UTC day's periods of one
-- offset each), and the
-- landing signature the channel rules read: UTM source and medium lower-cased and trimmed, the
-- referrer host lower-cased ('' when absent), and whether the referrer is another host than the page's.
CREATE TABLE web_session_rows STORED AS PARQUET AS
SELECT s.visitor_id, s.session_no, s.start_ts, s.end_ts,
       (s.start_ts + COALESCE(o.offset_ms, 0)) DIV 86400000 + 719528 AS start_day,
       s.page_views, s.landing_path, s.utm_source, s.utm_medium,
       NULLIF(TRIM(s.utm_campaign), '') AS utm_campaign,
       COALESCE(LOWER(TRIM(s.utm_source)), '') AS source_key,
       COALESCE(LOWER(TRIM(s.utm_medium)), '') AS medium_key,
       COALESCE(LOWER(TRIM(s.referrer_host)), '') AS referrer_key,
       CASE WHEN COALESCE(TRIM(s.referrer_host), '') <> '' AND LOWER(TRIM(s.referrer_host)) <> COALESCE(LOWER(TRIM(s.landing_host)), '')
            THEN 1 ELSE 0 END AS external_referrer
FROM (
  SELECT c.visitor_id, c.event_ts AS start_ts,
         ROW_NUMBER() OVER (PARTITION BY c.visitor_id ORDER BY c.seq) AS session_no,
         COALESCE(LEAD(c.prev_ts) OVER (PARTITION BY c.visitor_id ORDER BY c.seq), c.last_ts) AS end_ts,
         COALESCE(LEAD(c.pages_before) OVER (PARTITION BY c.visitor_id ORDER BY c.seq), c.pages) - c.pages_before AS page_views,
         c.path AS landing_path, c.host AS landing_host, c.referrer_host, c.utm_source, c.utm_medium, c.utm_campaign
  FROM (
    SELECT k.*, LAG(k.utm_key) OVER (PARTITION BY k.visitor_id ORDER BY k.seq) AS prev_key
    FROM (
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
               MAX(e.event_ts) OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_ts,
               SUM(CASE WHEN e.event_type = 'page' THEN 1 ELSE 0 END)
                 OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS pages
        FROM ${var:tenant_db}.web_events e
        WHERE e.visitor_id IS NOT NULL AND e.event_ts IS NOT NULL AND e.event_type IN ('page', 'identify')
      ) m
    ) k
    WHERE k.gap_start = 1 OR k.utm_key IS NOT NULL
  ) c
  WHERE c.gap_start = 1 OR c.prev_key IS NULL OR c.prev_key <> c.utm_key
) s
LEFT JOIN web_day_offsets o ON o.utc_day = s.start_ts DIV 86400000 AND s.start_ts >= o.from_ms AND s.start_ts < o.to_ms
