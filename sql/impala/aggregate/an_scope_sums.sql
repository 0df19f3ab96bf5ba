-- The one pass over the pairs for credits: each filter scope's pairs (the tenant's current
-- attribution, the view ${var:tenant_db}.at_paths) summed per stage, campaign, account and the
-- fiscal quarter the stage reports, with the credit (amount × share) and share sum of every model
-- in a column of its own (NULL where the model gave no share). The credit work tables regroup
-- this much smaller table instead of reading the pairs again.
CREATE TABLE an_scope_sums STORED AS PARQUET AS
SELECT s.filter_name, p.stage, p.campaign_id, s.account_id,
       CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
       CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter,
       SUM(p.amount * p.share_first_touch) AS c_first_touch, SUM(p.share_first_touch) AS s_first_touch,
       SUM(p.amount * p.share_last_touch) AS c_last_touch, SUM(p.share_last_touch) AS s_last_touch,
       SUM(p.amount * p.share_linear) AS c_linear, SUM(p.share_linear) AS s_linear,
       SUM(p.amount * p.share_u_shaped) AS c_u_shaped, SUM(p.share_u_shaped) AS s_u_shaped,
       SUM(p.amount * p.share_j_shaped) AS c_j_shaped, SUM(p.share_j_shaped) AS s_j_shaped,
       SUM(p.amount * p.share_inverse_j) AS c_inverse_j, SUM(p.share_inverse_j) AS s_inverse_j,
       SUM(p.amount * p.share_custom_xyx) AS c_custom_xyx, SUM(p.share_custom_xyx) AS s_custom_xyx,
       SUM(p.amount * p.share_w_shaped) AS c_w_shaped, SUM(p.share_w_shaped) AS s_w_shaped,
       SUM(p.amount * p.share_full_path) AS c_full_path, SUM(p.share_full_path) AS s_full_path,
       SUM(p.amount * p.share_time_decay) AS c_time_decay, SUM(p.share_time_decay) AS s_time_decay
FROM ${var:tenant_db}.at_paths p
JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
GROUP BY s.filter_name, p.stage, p.campaign_id, s.account_id,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END
