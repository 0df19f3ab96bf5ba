-- → MySQL an_quarter_unattributed_work: the unattributed opportunities per fiscal quarter the
-- stage reports; a won opportunity without a close date has no revenue quarter and no row.
SELECT q.filter_name, q.stage, q.fiscal_year, q.fiscal_quarter, SUM(q.amount) AS amount, COUNT(*) AS opportunities
FROM (
  SELECT s.filter_name, u.stage, u.amount,
         CASE WHEN u.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
         CASE WHEN u.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter
  FROM ${var:tenant_db}.at_unattributed u
  JOIN an_scope_opportunities s ON s.opportunity_id = u.opportunity_id
) q
WHERE q.fiscal_year IS NOT NULL
GROUP BY q.filter_name, q.stage, q.fiscal_year, q.fiscal_quarter
