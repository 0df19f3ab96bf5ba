-- Every event of the lake (bfw_<tenant>.web_events, partitioned or not: the SQL reads every row)
-- with the session it belongs to: session_no counts the visitor's session starts up to the event
-- (0 for events before the visitor's first page view), is_start marks the landing page views.
-- Events are ordered per visitor by (event_ts, event_id). A page view starts a session when it is
-- the visitor's first page view, when more than 30 minutes (1,800,000 ms) passed since the
-- visitor's previous event (identify events count as activity), or when it carries UTM parameters
-- (any of utm_source, utm_medium, utm_campaign) whose triple differs from the current session's.
-- Identify events never start one. Within a session every page carrying UTM has the landing page's
-- triple (another would have started a session), so the current session's triple is that of the
-- latest UTM page q before this one when no session started after q (a start after q had no UTM,
-- so it was a gap start: last_gap_seq > prev_utm_seq); otherwise the session has none, and any UTM
-- starts a new one. Three window passes, one sort order: (1) row number, the previous event's time,
-- page views before; (2) the latest gap start and the latest UTM page before; (3) the running count
-- of starts. Landing attributes are kept on landing rows only (NULL elsewhere: small in Parquet).
CREATE TABLE web_session_events STORED AS PARQUET AS
SELECT s.visitor_id, s.event_id, s.event_type, s.event_ts, s.path, s.email_hash, s.is_start,
       SUM(s.is_start) OVER (PARTITION BY s.visitor_id ORDER BY s.seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_no,
       CASE WHEN s.is_start = 1 THEN s.host END AS host,
       CASE WHEN s.is_start = 1 THEN s.referrer_host END AS referrer_host,
       CASE WHEN s.is_start = 1 THEN s.utm_source END AS utm_source,
       CASE WHEN s.is_start = 1 THEN s.utm_medium END AS utm_medium,
       CASE WHEN s.is_start = 1 THEN s.utm_campaign END AS utm_campaign
FROM (
  SELECT g.visitor_id, g.event_id, g.event_type, g.event_ts, g.path, g.email_hash, g.seq,
         g.host, g.referrer_host, g.utm_source, g.utm_medium, g.utm_campaign,
         CASE WHEN g.gap_start = 1
                OR (g.utm_key IS NOT NULL
                    AND (g.prev_utm_key IS NULL OR g.prev_utm_key <> g.utm_key OR g.last_gap_seq > g.prev_utm_seq))
              THEN 1 ELSE 0 END AS is_start
  FROM (
    SELECT b.*,
           MAX(CASE WHEN b.gap_start = 1 THEN b.seq END)
             OVER (PARTITION BY b.visitor_id ORDER BY b.seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_gap_seq,
           MAX(CASE WHEN b.utm_key IS NOT NULL THEN b.seq END)
             OVER (PARTITION BY b.visitor_id ORDER BY b.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_utm_seq,
           LAST_VALUE(b.utm_key IGNORE NULLS)
             OVER (PARTITION BY b.visitor_id ORDER BY b.seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_utm_key
    FROM (
      SELECT a.visitor_id, a.event_id, a.event_type, a.event_ts, a.path, a.email_hash, a.host, a.referrer_host,
             a.utm_source, a.utm_medium, a.utm_campaign, a.utm_key, a.seq,
             CASE WHEN a.event_type = 'page' AND (a.pages_before IS NULL OR a.pages_before = 0 OR a.event_ts - a.prev_ts > 1800000)
                  THEN 1 ELSE 0 END AS gap_start
      FROM (
        SELECT e.visitor_id, e.event_id, e.event_type, e.event_ts, e.path, e.email_hash, e.host, e.referrer_host,
               e.utm_source, e.utm_medium, e.utm_campaign,
               -- the UTM triple of a page view that carries one, as one comparable value
               CASE WHEN e.event_type = 'page' AND (e.utm_source IS NOT NULL OR e.utm_medium IS NOT NULL OR e.utm_campaign IS NOT NULL)
                    THEN concat(coalesce(e.utm_source, ''), '\t', coalesce(e.utm_medium, ''), '\t', coalesce(e.utm_campaign, '')) END AS utm_key,
               ROW_NUMBER() OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id) AS seq,
               LAG(e.event_ts) OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id) AS prev_ts,
               SUM(CASE WHEN e.event_type = 'page' THEN 1 ELSE 0 END)
                 OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pages_before
        FROM ${var:tenant_db}.web_events e
        WHERE e.visitor_id IS NOT NULL AND e.event_ts IS NOT NULL AND e.event_type IN ('page', 'identify')
      ) a
    ) b
  ) g
) s
