-- Pass 2: the page views that start a session. A gap start always does (web_event_marks). A page
-- view carrying UTM starts one when its triple differs from the current session's, i.e. from its
-- landing page's. Within a session every page carrying UTM has the landing page's triple (another
-- would have started a session), so among the rows that may start one (gap starts and UTM pages,
-- in the visitor's order) the row before a UTM page decides: a UTM page with the same triple
-- continues that session; a gap start without UTM began a session that has none, so any UTM starts
-- a new one; another triple starts one. A visitor's first page view is a gap start, so a UTM page
-- always has a row before it.
CREATE TABLE web_session_starts STORED AS PARQUET AS
SELECT c.visitor_id, c.event_ts, c.seq, c.prev_ts, c.pages_before, c.last_ts, c.pages,
       c.path, c.host, c.referrer_host, c.utm_source, c.utm_medium, c.utm_campaign
FROM (
  SELECT k.*, LAG(k.utm_key) OVER (PARTITION BY k.visitor_id ORDER BY k.seq) AS prev_key
  FROM web_event_marks k
  WHERE k.gap_start = 1 OR k.utm_key IS NOT NULL
) c
WHERE c.gap_start = 1 OR c.prev_key IS NULL OR c.prev_key <> c.utm_key
