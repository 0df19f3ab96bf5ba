-- Pass 3: one row per session, from its start (web_session_starts) to the next start of the
-- visitor: session_no (1, 2, … per visitor), its visitor and person (NULL while anonymous), first
-- and last event (the event just before the next start, else the visitor's last), page views (the
-- visitor's page views before the next start, else all of them, less those before this start), the
-- landing page view's attributes, and its start day: a day number in the tenant's time zone like
-- MySQL's TO_DAYS (719528 = 1970-01-01), from the zone's UTC offset at the start (web_day_offsets,
-- staged by WebStep: the UTC day's periods of one offset each). The landing signature the channel
-- rules read: UTM source and medium lower-cased and trimmed, the referrer host lower-cased ('' when
-- absent), and whether the referrer is another host than the page's.
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
  SELECT t.visitor_id, t.event_ts AS start_ts,
         ROW_NUMBER() OVER (PARTITION BY t.visitor_id ORDER BY t.seq) AS session_no,
         COALESCE(LEAD(t.prev_ts) OVER (PARTITION BY t.visitor_id ORDER BY t.seq), t.last_ts) AS end_ts,
         COALESCE(LEAD(t.pages_before) OVER (PARTITION BY t.visitor_id ORDER BY t.seq), t.pages) - t.pages_before AS page_views,
         t.path AS landing_path, t.host AS landing_host, t.referrer_host, t.utm_source, t.utm_medium, t.utm_campaign
  FROM web_session_starts t
) s
LEFT JOIN web_visitor_people vp ON vp.visitor_id = s.visitor_id
LEFT JOIN web_day_offsets o ON o.utc_day = s.start_ts DIV 86400000 AND s.start_ts >= o.from_ms AND s.start_ts < o.to_ms
