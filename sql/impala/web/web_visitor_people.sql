-- Each identified visitor and its person: the person whose lead or contact email hash equals the
-- email_hash of the visitor's earliest matching identify event in the lake (by event_ts, event_id).
-- A hash that several people share (a lead and a contact never converted into one) goes to the
-- lowest person id. Every session of the visitor belongs to that person, those before the identify
-- event too.
CREATE TABLE web_visitor_people STORED AS PARQUET AS
SELECT m.visitor_id, m.person_id
FROM (
  SELECT e.visitor_id, p.person_id,
         ROW_NUMBER() OVER (PARTITION BY e.visitor_id ORDER BY e.event_ts, e.event_id) AS rn
  FROM ${var:tenant_db}.web_events e
  JOIN (SELECT email_hash, MIN(person_id) AS person_id FROM web_people GROUP BY email_hash) p ON p.email_hash = e.email_hash
  WHERE e.event_type = 'identify' AND e.visitor_id IS NOT NULL AND e.event_ts IS NOT NULL
) m
WHERE m.rn = 1
