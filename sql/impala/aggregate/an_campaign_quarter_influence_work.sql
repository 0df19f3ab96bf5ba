-- → MySQL an_campaign_quarter_influence_work: per filter, stage, campaign and the fiscal quarter the
-- stage reports in, each opportunity the campaign touched at its full amount, once (an_deal_entries
-- holds each (stage, campaign, deal) once). An opportunity
-- reports in one quarter per stage, so the quarters add up to an_campaign_influence_work.
SELECT d.filter_name, d.stage, d.campaign_id, d.fiscal_year, d.fiscal_quarter,
       SUM(d.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
FROM (
  SELECT s.filter_name, e.stage, e.campaign_id, e.opportunity_id, e.amount,
         CASE WHEN e.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
         CASE WHEN e.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter
  FROM an_deal_entries e
  JOIN an_scope_opportunities s ON s.opportunity_id = e.opportunity_id
) d
WHERE d.fiscal_year IS NOT NULL
GROUP BY d.filter_name, d.stage, d.campaign_id, d.fiscal_year, d.fiscal_quarter
