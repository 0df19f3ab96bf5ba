-- → MySQL an_account_credit_work: per filter, stage, model and the opportunity's account, the
-- attributed amount and opportunities (opportunities without an account have no row).
WITH g AS (
  SELECT filter_name, stage, account_id,
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
  WHERE account_id IS NOT NULL
  GROUP BY filter_name, stage, account_id
)
SELECT filter_name, stage, model, account_id, attributed_amount, attributed_opportunities
FROM (
  SELECT filter_name, stage, account_id, 'first_touch' AS model, c_first_touch AS attributed_amount, s_first_touch AS attributed_opportunities FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'last_touch', c_last_touch, s_last_touch FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'linear', c_linear, s_linear FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'u_shaped', c_u_shaped, s_u_shaped FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'j_shaped', c_j_shaped, s_j_shaped FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'inverse_j', c_inverse_j, s_inverse_j FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'custom_xyx', c_custom_xyx, s_custom_xyx FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'w_shaped', c_w_shaped, s_w_shaped FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'full_path', c_full_path, s_full_path FROM g
  UNION ALL SELECT filter_name, stage, account_id, 'time_decay', c_time_decay, s_time_decay FROM g
) u
WHERE attributed_opportunities IS NOT NULL
