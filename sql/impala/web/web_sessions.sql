-- This run's sessions (bfw_<tenant>.web_sessions_r<run>; the view web_sessions points at them once
-- the run publishes). session_id: 'WS' + the start day (6 digits) + the session's rank among the
-- day's sessions by (start, visitor, session number) (10 digits): 18 characters (a touch id is
-- CHAR(18)), ordered by start, the same for the same events. Ranked per day rather than over all
-- sessions, so the ranking is no single sort of every session.
-- campaign_id: the Salesforce campaign utm_campaign names, by id (18 or 15 characters) or else by
-- exact name (the lowest id when names repeat); NULL when none. is_touch: an identified session
-- that is a web touch: every one with web_touch_rule = all_sessions; with default, the person's
-- first session (over all their visitors), every session with a utm_campaign, and every session of
-- a paid channel (a key starting 'paid_': paid_search, paid_social). touch_campaign_id: the
-- campaign a touch counts for: campaign_id, or the tenant's web campaign of the channel
-- ('WEB_' + upper-case key).
CREATE TABLE ${var:tenant_db}.web_sessions_r${var:run} STORED AS PARQUET AS
SELECT k.session_id, k.visitor_id, k.person_id, k.start_ts, k.end_ts, k.start_day, k.page_views, k.landing_path,
       k.channel, k.channel_name, k.campaign_id, k.utm_source, k.utm_medium, k.utm_campaign,
       CASE WHEN k.person_id IS NOT NULL
                 AND (st.web_touch_rule = 'all_sessions' OR k.person_first = 1 OR k.utm_campaign IS NOT NULL
                      OR substr(k.channel, 1, 5) = 'paid_')
            THEN 1 ELSE 0 END AS is_touch,
       COALESCE(k.campaign_id, concat('WEB_', upper(k.channel))) AS touch_campaign_id
FROM (
  SELECT concat('WS', lpad(CAST(s.start_day AS STRING), 6, '0'), lpad(CAST(dr.day_rank AS STRING), 10, '0')) AS session_id,
         CASE WHEN pf.visitor_id IS NOT NULL THEN 1 ELSE 0 END AS person_first,
         s.visitor_id, vp.person_id, s.start_ts, s.end_ts, s.start_day, s.page_views, s.landing_path,
         lc.channel, lc.channel_name, COALESCE(ci.campaign_id, c15.campaign_id, cn.campaign_id) AS campaign_id,
         s.utm_source, s.utm_medium, s.utm_campaign
  FROM web_session_rows s
  -- The rank within the day from the sort keys alone, joined back by (visitor, session number): the
  -- window sorted every column of 8.7M sessions at L (23-25 s for the statement against 27-28 s).
  JOIN (
    SELECT r.visitor_id, r.session_no,
           ROW_NUMBER() OVER (PARTITION BY r.start_day ORDER BY r.start_ts, r.visitor_id, r.session_no) AS day_rank
    FROM web_session_rows r
  ) dr ON dr.visitor_id = s.visitor_id AND dr.session_no = s.session_no
  LEFT JOIN web_visitor_people vp ON vp.visitor_id = s.visitor_id
  -- Each person's first session, ranked over the identified sessions alone (1.8M of 8.7M at L): a
  -- window over every session, anonymous ones included, sorted all of them with every column
  -- (32-34 s for the statement against 27-28 s).
  LEFT JOIN (
    SELECT f.visitor_id, f.session_no
    FROM (
      SELECT r.visitor_id, r.session_no,
             ROW_NUMBER() OVER (PARTITION BY p.person_id ORDER BY r.start_ts, r.visitor_id, r.session_no) AS person_rank
      FROM web_session_rows r
      JOIN web_visitor_people p ON p.visitor_id = r.visitor_id
    ) f
    WHERE f.person_rank = 1
  ) pf ON pf.visitor_id = s.visitor_id AND pf.session_no = s.session_no
  JOIN web_landing_channels lc
    ON lc.source_key = s.source_key AND lc.medium_key = s.medium_key AND lc.referrer_key = s.referrer_key
   AND lc.external_referrer = s.external_referrer
  LEFT JOIN web_campaigns ci ON ci.campaign_id = s.utm_campaign
  LEFT JOIN (SELECT campaign_id15, MIN(campaign_id) AS campaign_id FROM web_campaigns GROUP BY campaign_id15) c15
    ON c15.campaign_id15 = s.utm_campaign
  LEFT JOIN (SELECT name, MIN(campaign_id) AS campaign_id FROM web_campaigns GROUP BY name) cn ON cn.name = s.utm_campaign
) k
CROSS JOIN web_settings st
