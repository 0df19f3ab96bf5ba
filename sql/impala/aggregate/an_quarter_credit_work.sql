-- → MySQL an_quarter_credit_work: per filter, stage, model and the fiscal quarter the stage
-- reports (created date for pipeline, close date for revenue), the attributed amount and
-- opportunities.
WITH g AS (
  SELECT filter_name, stage, fiscal_year, fiscal_quarter,
         SUM(c_first_touch) AS c_first_touch, SUM(s_first_touch) AS s_first_touch,
         SUM(c_last_touch) AS c_last_touch, SUM(s_last_touch) AS s_last_touch,
         SUM(c_linear) AS c_linear, SUM(s_linear) AS s_linear,
         SUM(c_u_shaped) AS c_u_shaped, SUM(s_u_shaped) AS s_u_shaped,
         SUM(c_j_shaped) AS c_j_shaped, SUM(s_j_shaped) AS s_j_shaped,
         SUM(c_inverse_j) AS c_inverse_j, SUM(s_inverse_j) AS s_inverse_j,
         SUM(c_custom_xyx) AS c_custom_xyx, SUM(s_custom_xyx) AS s_custom_xyx,
         SUM(c_w_shaped) AS c_w_shaped, SUM(s_w_shaped) AS s_w_shaped,
         SUM(c_full_path) AS c_full_path, SUM(s_full_path) AS s_full_path,
         SUM(c_time_decay) AS c_time_decay, SUM(s_time_decay) AS s_time_decay
  FROM an_scope_sums
  GROUP BY filter_name, stage, fiscal_year, fiscal_quarter
)
SELECT filter_name, stage, model, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities
FROM (
  SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'first_touch' AS model, c_first_touch AS attributed_amount, s_first_touch AS attributed_opportunities FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'last_touch', c_last_touch, s_last_touch FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'linear', c_linear, s_linear FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'u_shaped', c_u_shaped, s_u_shaped FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'j_shaped', c_j_shaped, s_j_shaped FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'inverse_j', c_inverse_j, s_inverse_j FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'custom_xyx', c_custom_xyx, s_custom_xyx FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'w_shaped', c_w_shaped, s_w_shaped FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'full_path', c_full_path, s_full_path FROM g
  UNION ALL SELECT filter_name, stage, fiscal_year, fiscal_quarter, 'time_decay', c_time_decay, s_time_decay FROM g
) u
WHERE attributed_opportunities IS NOT NULL
