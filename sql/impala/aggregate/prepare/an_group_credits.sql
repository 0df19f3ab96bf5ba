-- The credits of every group the analytics report by, in the run's aggregate database; the four
-- credit work scripts (an_credit_work, an_quarter_credit_work, an_account_credit_work,
-- an_campaign_quarter_credit_work) each copy their grain back to MySQL.
-- f: one pass over the scope's pairs (the tenant's current attribution, the view
-- ${var:tenant_db}.at_paths) gives each (filter, stage, campaign, account, fiscal quarter) a credit
-- (amount × share) and share sum per model with a share column, and per position slot the sums of
-- position_slot_share and of amount × position_slot_share (0 where it has no pair in the slot).
-- g: the four grains from f (a revenue or pipeline row reports in its stage's fiscal quarter; the
-- account grain leaves out opportunities without an account, the quarter grains those without a
-- quarter in the stage). Then the one unpivot, as at_credits:
-- a model with a share column that gives no share in a group (all NULL) has no row; a position
-- model of the attribution in force (the view at_position_weights, the weights its pairs were
-- built with) takes Σ over the slots of sum × its slot weight, and has a row for every group.
-- The model loops are written out from at_models when the statement is sent (ModelTemplate).
CREATE TABLE an_group_credits STORED AS PARQUET AS
WITH f AS (
  SELECT s.filter_name AS filter_name, p.stage AS stage, p.campaign_id AS campaign_id, s.account_id AS account_id,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END AS fiscal_year,
         CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END AS fiscal_quarter
         {{#each stored}}, SUM(p.amount * p.share_{{model}}) AS c_{{model}}, SUM(p.share_{{model}}) AS s_{{model}}{{/each}}
         {{#each slot}}, SUM(CASE WHEN p.position_slot = {{n}} THEN p.amount * p.position_slot_share ELSE 0 END) AS c_slot_{{slot}}, SUM(CASE WHEN p.position_slot = {{n}} THEN p.position_slot_share ELSE 0 END) AS s_slot_{{slot}}{{/each}}
  FROM ${var:tenant_db}.at_paths p
  JOIN an_scope_opportunities s ON s.opportunity_id = p.opportunity_id
  GROUP BY s.filter_name, p.stage, p.campaign_id, s.account_id,
           CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_year ELSE s.revenue_fiscal_year END,
           CASE WHEN p.stage = 'pipeline' THEN s.pipeline_fiscal_quarter ELSE s.revenue_fiscal_quarter END
),
g AS (
  SELECT 'campaign' AS grain, filter_name, stage, campaign_id, CAST(NULL AS STRING) AS account_id, CAST(NULL AS INT) AS fiscal_year, CAST(NULL AS INT) AS fiscal_quarter
         {{#each stored}}, SUM(c_{{model}}) AS c_{{model}}, SUM(s_{{model}}) AS s_{{model}}{{/each}}{{#each slot}}, SUM(c_slot_{{slot}}) AS c_slot_{{slot}}, SUM(s_slot_{{slot}}) AS s_slot_{{slot}}{{/each}}
  FROM f GROUP BY filter_name, stage, campaign_id
  UNION ALL
  SELECT 'quarter', filter_name, stage, CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(fiscal_year AS INT), CAST(fiscal_quarter AS INT)
         {{#each stored}}, SUM(c_{{model}}), SUM(s_{{model}}){{/each}}{{#each slot}}, SUM(c_slot_{{slot}}), SUM(s_slot_{{slot}}){{/each}}
  FROM f GROUP BY filter_name, stage, fiscal_year, fiscal_quarter
  UNION ALL
  SELECT 'campaign_quarter', filter_name, stage, campaign_id, CAST(NULL AS STRING), CAST(fiscal_year AS INT), CAST(fiscal_quarter AS INT)
         {{#each stored}}, SUM(c_{{model}}), SUM(s_{{model}}){{/each}}{{#each slot}}, SUM(c_slot_{{slot}}), SUM(s_slot_{{slot}}){{/each}}
  FROM f WHERE fiscal_year IS NOT NULL GROUP BY filter_name, stage, campaign_id, fiscal_year, fiscal_quarter
  UNION ALL
  SELECT 'account', filter_name, stage, CAST(NULL AS STRING), account_id, CAST(NULL AS INT), CAST(NULL AS INT)
         {{#each stored}}, SUM(c_{{model}}), SUM(s_{{model}}){{/each}}{{#each slot}}, SUM(c_slot_{{slot}}), SUM(s_slot_{{slot}}){{/each}}
  FROM f WHERE account_id IS NOT NULL GROUP BY filter_name, stage, account_id
)
SELECT grain, filter_name, stage, model, campaign_id, account_id, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities
FROM (
  SELECT g.grain, g.filter_name, g.stage, g.campaign_id, g.account_id, g.fiscal_year, g.fiscal_quarter, m.model,
         CASE WHEN w.model IS NOT NULL THEN 0{{#each slot}} + g.c_slot_{{slot}} * w.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN g.c_{{model}}{{/each}} END END AS attributed_amount,
         CASE WHEN w.model IS NOT NULL THEN 0{{#each slot}} + g.s_slot_{{slot}} * w.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN g.s_{{model}}{{/each}} END END AS attributed_opportunities
  FROM g
  -- the models with a share column, and the position models of the attribution in force
  CROSS JOIN (SELECT model FROM ${var:tenant_db}.at_position_weights{{#each stored}} UNION ALL SELECT '{{model}}'{{/each}}) m
  LEFT JOIN ${var:tenant_db}.at_position_weights w ON w.model = m.model
) u
WHERE attributed_opportunities IS NOT NULL
