-- → MySQL an_channel_influence_work: influence recounted per channel, so an opportunity touched
-- by two campaigns of one channel counts once for it. From each (stage, deal, campaign) once
-- (prepare/an_deal_entries.sql: 4.4M rows at L), not from the 21.9M pairs (3.3 s at L).
SELECT d.filter_name, d.stage, d.channel, SUM(d.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
FROM (
  SELECT DISTINCT s.filter_name, p.stage, c.channel, p.opportunity_id, p.amount
  FROM an_deal_entries p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
  JOIN cn_campaigns c ON c.campaign_id = p.campaign_id
) d
GROUP BY d.filter_name, d.stage, d.channel
