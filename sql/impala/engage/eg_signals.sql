-- Every engagement signal per account, week and person, with its points: the cluster's
-- an_signals_work (sql/tenant/procs/an_build_signals.sql gives the same rows in MySQL). A week is
-- the day number of its Monday: 719528 (1970-01-01) was a Thursday, so day - (day - 719528 + 3) % 7.
-- Campaign touches by the campaign's channel (its own weight, or campaign_touch's), the web step's
-- identified sessions and page views, people created that week (lead | contact), opportunities
-- opened (no person). Touches, people and person accounts are those the attribution in force was
-- built from (the views at_staged_* of the tenant's database, which the attribute step publishes
-- with the pairs): a person counts for the account the attribute step gave them.
CREATE TABLE eg_signals STORED AS PARQUET AS
WITH w AS (
  SELECT COALESCE(MAX(CASE WHEN signal_name = 'campaign_touch' THEN weight END), 0) AS touch_weight,
         COALESCE(MAX(CASE WHEN signal_name = 'web_session' THEN weight END), 0) AS session_weight,
         COALESCE(MAX(CASE WHEN signal_name = 'page_view' THEN weight END), 0) AS page_weight,
         COALESCE(MAX(CASE WHEN signal_name = 'new_lead' THEN weight END), 0) AS lead_weight,
         COALESCE(MAX(CASE WHEN signal_name = 'new_contact' THEN weight END), 0) AS contact_weight,
         COALESCE(MAX(CASE WHEN signal_name = 'opportunity_opened' THEN weight END), 0) AS opportunity_weight
  FROM eg_weights
)
SELECT g.account_id, g.week_day, 'touch' AS kind, g.person_id, g.channel, g.touches AS events,
       CAST(0 AS BIGINT) AS page_views, CAST(0 AS DECIMAL(20,2)) AS amount,
       g.touches * COALESCE(cw.weight, w.touch_weight) AS points
FROM (
  SELECT pa.account_id, t.touch_day - ((t.touch_day - 719528 + 3) % 7) AS week_day, t.person_id, c.channel,
         COUNT(*) AS touches
  FROM ${var:tenant_db}.at_staged_touches t
  JOIN ${var:tenant_db}.at_staged_person_accounts pa ON pa.person_id = t.person_id
  JOIN eg_campaigns c ON c.campaign_id = t.campaign_id
  GROUP BY pa.account_id, t.touch_day - ((t.touch_day - 719528 + 3) % 7), t.person_id, c.channel
) g
LEFT JOIN eg_weights cw ON cw.signal_name = g.channel
CROSS JOIN w
UNION ALL
SELECT v.account_id, v.week_day, 'web', v.person_id, v.channel, CAST(v.sessions AS BIGINT), CAST(v.page_views AS BIGINT),
       CAST(0 AS DECIMAL(20,2)), v.sessions * w.session_weight + v.page_views * w.page_weight
FROM eg_web_weeks v CROSS JOIN w
UNION ALL
SELECT pa.account_id, p.created_day - ((p.created_day - 719528 + 3) % 7), p.person_type, p.person_id, CAST(NULL AS STRING),
       CAST(1 AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS DECIMAL(20,2)),
       CASE p.person_type WHEN 'lead' THEN w.lead_weight ELSE w.contact_weight END
FROM ${var:tenant_db}.at_staged_people p
JOIN ${var:tenant_db}.at_staged_person_accounts pa ON pa.person_id = p.person_id
CROSS JOIN w
WHERE p.created_day IS NOT NULL
UNION ALL
SELECT o.account_id, o.week_day, 'opportunity', CAST(NULL AS STRING), CAST(NULL AS STRING), o.opened, CAST(0 AS BIGINT),
       CAST(o.amount AS DECIMAL(20,2)), o.opened * w.opportunity_weight
FROM (
  SELECT account_id, created_day - ((created_day - 719528 + 3) % 7) AS week_day, COUNT(*) AS opened, SUM(amount) AS amount
  FROM eg_opportunities
  GROUP BY account_id, created_day - ((created_day - 719528 + 3) % 7)
) o
CROSS JOIN w
