-- One row per session: its visitor and person (NULL while anonymous), first and last event, page
-- views, the landing page view's attributes, and its start day: a day number in the tenant's time
-- zone like MySQL's TO_DAYS (719528 = 1970-01-01), from the zone's UTC offset at the start
-- (web_day_offsets, staged by WebStep: the UTC day's periods of one offset each). The landing
-- signature the channel rules read: UTM source and medium lower-cased and trimmed, the referrer
-- host lower-cased ('' when absent), and whether the referrer is another host than the page's.
CREATE TABLE web_session_rows STORED AS PARQUET AS
SELECT s.visitor_id, s.session_no, vp.person_id, s.start_ts, s.end_ts,
       (s.start_ts + COALESCE(o.offset_ms, 0)) DIV 86400000 + 719528 AS start_day,
       s.page_views, s.landing_path, s.landing_host, s.referrer_host, s.utm_source, s.utm_medium,
       NULLIF(TRIM(s.utm_campaign), '') AS utm_campaign,
       COALESCE(LOWER(TRIM(s.utm_source)), '') AS source_key,
       COALESCE(LOWER(TRIM(s.utm_medium)), '') AS medium_key,
       COALESCE(LOWER(TRIM(s.referrer_host)), '') AS referrer_key,
       CASE WHEN COALESCE(TRIM(s.referrer_host), '') <> '' AND LOWER(TRIM(s.referrer_host)) <> COALESCE(LOWER(TRIM(s.landing_host)), '')
            THEN 1 ELSE 0 END AS external_referrer
FROM (
  SELECT e.visitor_id, e.session_no, MIN(e.event_ts) AS start_ts, MAX(e.event_ts) AS end_ts,
         SUM(CASE WHEN e.event_type = 'page' THEN 1 ELSE 0 END) AS page_views,
         MAX(CASE WHEN e.is_start = 1 THEN e.path END) AS landing_path,
         MAX(e.host) AS landing_host, MAX(e.referrer_host) AS referrer_host,
         MAX(e.utm_source) AS utm_source, MAX(e.utm_medium) AS utm_medium, MAX(e.utm_campaign) AS utm_campaign
  FROM web_session_events e
  WHERE e.session_no > 0
  GROUP BY e.visitor_id, e.session_no
) s
LEFT JOIN web_visitor_people vp ON vp.visitor_id = s.visitor_id
LEFT JOIN web_day_offsets o ON o.utc_day = s.start_ts DIV 86400000 AND s.start_ts >= o.from_ms AND s.start_ts < o.to_ms
