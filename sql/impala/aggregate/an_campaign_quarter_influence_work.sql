-- → MySQL an_campaign_quarter_influence_work: per filter, stage, campaign and the fiscal quarter the
-- stage reports in, each opportunity the campaign touched at its full amount, once. An opportunity
-- reports in one quarter per stage, so the quarters add up to an_campaign_influence_work.
SELECT d.filter_name, d.stage, d.campaign_id, d.fiscal_year, d.fiscal_quarter,
       SUM(d.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
FROM (
  SELECT DISTINCT s.filter_name, p.stage, p.campaign_id, p.opportunity_id, p.amount,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter
  FROM ${var:tenant_db}.at_paths p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
) d
WHERE d.fiscal_year IS NOT NULL
GROUP BY d.filter_name, d.stage, d.campaign_id, d.fiscal_year, d.fiscal_quarter
