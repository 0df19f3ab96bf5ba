-- → MySQL an_credit_work: per filter, stage, model and campaign, the attributed amount and
-- opportunities.
-- One pass over the scope's pairs (the tenant's current attribution, the view
-- ${var:tenant_db}.at_paths) with a credit (amount × share) and share sum per model, then the
-- small result unpivoted; a model that gives no share (all NULL) has no row, as in at_credits.
WITH g AS (
  SELECT s.filter_name AS filter_name,
         p.stage AS stage,
         p.campaign_id AS campaign_id,
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
  GROUP BY s.filter_name, p.stage, p.campaign_id
)
SELECT filter_name, stage, model, campaign_id, attributed_amount, attributed_opportunities
FROM (
  SELECT filter_name, stage, campaign_id, 'first_touch' AS model, c_first_touch AS attributed_amount, s_first_touch AS attributed_opportunities FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'last_touch', c_last_touch, s_last_touch FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'linear', c_linear, s_linear FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'u_shaped', c_u_shaped, s_u_shaped FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'j_shaped', c_j_shaped, s_j_shaped FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'inverse_j', c_inverse_j, s_inverse_j FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'custom_xyx', c_custom_xyx, s_custom_xyx FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'w_shaped', c_w_shaped, s_w_shaped FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'full_path', c_full_path, s_full_path FROM g
  UNION ALL SELECT filter_name, stage, campaign_id, 'time_decay', c_time_decay, s_time_decay FROM g
) u
WHERE attributed_opportunities IS NOT NULL
