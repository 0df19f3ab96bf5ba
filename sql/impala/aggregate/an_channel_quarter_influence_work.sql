-- → MySQL an_channel_quarter_influence_work: influence recounted per channel and fiscal quarter, so
-- an opportunity touched by two campaigns of one channel counts once for it. From each (stage, deal,
-- campaign) once (prepare/an_deal_entries.sql: 4.4M rows at L), not from the 21.9M pairs (3.6 s at L).
SELECT d.filter_name, d.stage, d.channel, d.fiscal_year, d.fiscal_quarter,
       SUM(d.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
FROM (
  SELECT DISTINCT s.filter_name, p.stage, c.channel, p.opportunity_id, p.amount,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter
  FROM an_deal_entries p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
  JOIN cn_campaigns c ON c.campaign_id = p.campaign_id
) d
WHERE d.fiscal_year IS NOT NULL
GROUP BY d.filter_name, d.stage, d.channel, d.fiscal_year, d.fiscal_quarter
