-- → MySQL an_campaign_influence_work: per filter, stage and campaign, the influence (each
-- opportunity the campaign touched counts its full amount once, the amount the attribution
-- used; each (stage, campaign, deal) once in prepare/an_deal_entries.sql) and the distinct touches
-- counted on the scope's opportunities.
SELECT i.filter_name, i.stage, i.campaign_id, i.influenced_amount, i.influenced_opportunities, t.touches
FROM (
  SELECT d.filter_name, d.stage, d.campaign_id, SUM(d.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
  FROM (
    SELECT s.filter_name, e.stage, e.campaign_id, e.opportunity_id, e.amount
    FROM an_deal_entries e
    JOIN an_scope_opportunities s ON s.opportunity_id = e.opportunity_id
  ) d
  GROUP BY d.filter_name, d.stage, d.campaign_id
) i
JOIN (
  SELECT s.filter_name, p.stage, p.campaign_id, COUNT(DISTINCT p.touch_id) AS touches
  FROM ${var:tenant_db}.at_paths p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
  GROUP BY s.filter_name, p.stage, p.campaign_id
) t ON t.filter_name = i.filter_name AND t.stage = i.stage AND t.campaign_id = i.campaign_id
