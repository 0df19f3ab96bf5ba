-- Opportunities with no counted touch, per stage they are attributed in, and won opportunities
-- without a close date (no revenue anchor): reported as unattributed, never dropped. This run's
-- table in the tenant's database; the view at_unattributed points at it once the run publishes.
CREATE TABLE ${var:tenant_db}.at_unattributed_r${var:run} STORED AS PARQUET AS
SELECT a.opportunity_id, a.stage, o.amount
FROM at_stage_anchors a
JOIN cn_opportunities o ON o.opportunity_id = a.opportunity_id
LEFT JOIN at_milestones m ON m.opportunity_id = a.opportunity_id AND m.stage = a.stage
WHERE m.opportunity_id IS NULL
UNION ALL
SELECT o.opportunity_id, 'revenue' AS stage, o.amount
FROM cn_opportunities o
WHERE o.is_won = 1 AND o.close_day IS NULL
