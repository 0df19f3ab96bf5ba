-- → MySQL an_unattributed_work: per filter and stage, the scope's opportunities with no counted
-- touch (the tenant's current at_unattributed), their amount and number.
SELECT s.filter_name, u.stage, SUM(u.amount) AS amount, COUNT(*) AS opportunities
FROM ${var:tenant_db}.at_unattributed u
JOIN an_scope_opportunities s ON s.opportunity_id = u.opportunity_id
GROUP BY s.filter_name, u.stage
