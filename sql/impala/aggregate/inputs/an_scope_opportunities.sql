-- MySQL (tenant database) → staged as Parquet table an_scope_opportunities: each filter scope's
-- opportunities (an_filter_scopes_next, just written by the aggregate step from the compiled
-- rules, 'all' included) with what the aggregations group them by: the account, and the fiscal
-- quarter each stage reports (created date for pipeline, close date for revenue).
SELECT s.filter_name, s.opportunity_id, o.account_id,
       o.created_fiscal_year AS pipeline_fiscal_year, o.created_fiscal_quarter AS pipeline_fiscal_quarter,
       o.fiscal_year AS revenue_fiscal_year, o.fiscal_quarter AS revenue_fiscal_quarter
FROM an_filter_scopes_next s
JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
