-- Milestone positions per (opportunity, stage): lead creation = the first touch dated on or
-- after the created day of the touch's own person (t1 when none); opportunity creation = the
-- last touch dated on or before the opportunity's created day (t1 when none; always tN in the
-- pipeline stage).
CREATE TABLE at_milestones STORED AS PARQUET AS
SELECT p.opportunity_id, p.stage, a.anchor_day, MAX(p.touch_count) AS touch_count,
       COALESCE(MIN(CASE WHEN p.touch_day >= pe.created_day THEN p.position END), 1) AS lead_position,
       COALESCE(MAX(CASE WHEN p.touch_day <= a.created_day THEN p.position END), 1) AS opportunity_position
FROM at_positions p
JOIN at_stage_anchors a ON a.opportunity_id = p.opportunity_id AND a.stage = p.stage
LEFT JOIN cn_people pe ON pe.person_id = p.person_id
GROUP BY p.opportunity_id, p.stage, a.anchor_day
