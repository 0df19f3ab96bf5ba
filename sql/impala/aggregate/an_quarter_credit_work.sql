-- → MySQL an_quarter_credit_work: per filter, stage, model and the fiscal quarter the stage
-- reports (created date for pipeline, close date for revenue), the attributed amount and
-- opportunities.
-- One pass over the scope's pairs (the tenant's current attribution, the view
-- ${var:tenant_db}.at_paths) gives each group a credit (amount × share) and share sum per stored
-- model, and per position slot the sums of position_slot_share and of amount × position_slot_share
-- (0 where the group has no pair in the slot). The small result is then crossed with the models:
-- a stored model takes its sums, and a model that gives no share (all NULL) has no row, as in
-- at_credits; a position model of the attribution in force (the view at_position_weights, the
-- weights its pairs were built with) takes Σ over the slots of sum × its slot weight, and has a
-- row for every group. No position model is named here: a new one is a row of at_models.
WITH g AS (
  SELECT s.filter_name AS filter_name,
         p.stage AS stage,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter,
         SUM(p.amount * p.share_first_touch) AS c_first_touch, SUM(p.share_first_touch) AS s_first_touch,
         SUM(p.amount * p.share_last_touch) AS c_last_touch, SUM(p.share_last_touch) AS s_last_touch,
         SUM(p.amount * p.share_linear) AS c_linear, SUM(p.share_linear) AS s_linear,
         SUM(p.amount * p.share_w_shaped) AS c_w_shaped, SUM(p.share_w_shaped) AS s_w_shaped,
         SUM(p.amount * p.share_full_path) AS c_full_path, SUM(p.share_full_path) AS s_full_path,
         SUM(p.amount * p.share_time_decay) AS c_time_decay, SUM(p.share_time_decay) AS s_time_decay,
         SUM(CASE WHEN p.position_slot = 1 THEN p.amount * p.position_slot_share ELSE 0 END) AS c_only, SUM(CASE WHEN p.position_slot = 1 THEN p.position_slot_share ELSE 0 END) AS s_only,
         SUM(CASE WHEN p.position_slot = 2 THEN p.amount * p.position_slot_share ELSE 0 END) AS c_first_of_two, SUM(CASE WHEN p.position_slot = 2 THEN p.position_slot_share ELSE 0 END) AS s_first_of_two,
         SUM(CASE WHEN p.position_slot = 3 THEN p.amount * p.position_slot_share ELSE 0 END) AS c_last_of_two, SUM(CASE WHEN p.position_slot = 3 THEN p.position_slot_share ELSE 0 END) AS s_last_of_two,
         SUM(CASE WHEN p.position_slot = 4 THEN p.amount * p.position_slot_share ELSE 0 END) AS c_first, SUM(CASE WHEN p.position_slot = 4 THEN p.position_slot_share ELSE 0 END) AS s_first,
         SUM(CASE WHEN p.position_slot = 5 THEN p.amount * p.position_slot_share ELSE 0 END) AS c_middle, SUM(CASE WHEN p.position_slot = 5 THEN p.position_slot_share ELSE 0 END) AS s_middle,
         SUM(CASE WHEN p.position_slot = 6 THEN p.amount * p.position_slot_share ELSE 0 END) AS c_last, SUM(CASE WHEN p.position_slot = 6 THEN p.position_slot_share ELSE 0 END) AS s_last
  FROM ${var:tenant_db}.at_paths p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
  GROUP BY s.filter_name, p.stage, CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END, CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END
)
SELECT filter_name, stage, model, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities
FROM (
  SELECT g.filter_name, g.stage, g.fiscal_year, g.fiscal_quarter, m.model,
         CASE WHEN w.model IS NOT NULL
              THEN g.c_only * w.only_weight + g.c_first_of_two * w.first_of_two_weight + g.c_last_of_two * w.last_of_two_weight
                   + g.c_first * w.first_weight + g.c_middle * w.middle_weight + g.c_last * w.last_weight
              ELSE CASE m.model WHEN 'first_touch' THEN g.c_first_touch WHEN 'last_touch' THEN g.c_last_touch WHEN 'linear' THEN g.c_linear
                                  WHEN 'w_shaped' THEN g.c_w_shaped WHEN 'full_path' THEN g.c_full_path WHEN 'time_decay' THEN g.c_time_decay END END AS attributed_amount,
         CASE WHEN w.model IS NOT NULL
              THEN g.s_only * w.only_weight + g.s_first_of_two * w.first_of_two_weight + g.s_last_of_two * w.last_of_two_weight
                   + g.s_first * w.first_weight + g.s_middle * w.middle_weight + g.s_last * w.last_weight
              ELSE CASE m.model WHEN 'first_touch' THEN g.s_first_touch WHEN 'last_touch' THEN g.s_last_touch WHEN 'linear' THEN g.s_linear
                                  WHEN 'w_shaped' THEN g.s_w_shaped WHEN 'full_path' THEN g.s_full_path WHEN 'time_decay' THEN g.s_time_decay END END AS attributed_opportunities
  FROM g
  -- the stored models, and the position models of the attribution in force
  CROSS JOIN (
    SELECT 'first_touch' AS model UNION ALL SELECT 'last_touch' UNION ALL SELECT 'linear' UNION ALL SELECT 'w_shaped' UNION ALL SELECT 'full_path' UNION ALL SELECT 'time_decay'
    UNION ALL SELECT model FROM ${var:tenant_db}.at_position_weights
  ) m
  LEFT JOIN ${var:tenant_db}.at_position_weights w ON w.model = m.model
) u
WHERE attributed_opportunities IS NOT NULL
