-- → MySQL an_channel_influence_work: influence recounted per channel, so an opportunity touched
-- by two campaigns of one channel counts once for it.
SELECT d.filter_name, d.stage, d.channel, SUM(d.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
FROM (
  SELECT DISTINCT s.filter_name, p.stage, c.channel, p.opportunity_id, p.amount
  FROM ${var:tenant_db}.at_paths p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
  JOIN cn_campaigns c ON c.campaign_id = p.campaign_id
) d
GROUP BY d.filter_name, d.stage, d.channel
