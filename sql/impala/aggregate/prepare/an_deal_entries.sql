-- The deal paths' entries (sql/tenant/0024_packed_deal_paths.sql gives the format), in the run's
-- aggregate database: each (stage, opportunity, campaign) of the tenant's pairs (every opportunity:
-- the 'all' filter) with the tail of its entry: the campaign's touches on the deal, its first and
-- last touch day, and every model's credit (two decimals, each followed by ';', in the order of
-- the models column: the stored models by kind, then the position models), as an_group_credits
-- gives them: empty for a model with a share column and no share here; a position model of the
-- attribution in force (at_position_weights) is its slot weights × the slot sums, empty for one
-- without weights. One concat per row of a piece per model (written out from at_models), over the
-- position weights pivoted into one row: unpivoting 4.4M groups into a row per
-- model and folding them back with group_concat took 65 s at L. an_deal_path_work packs them per deal,
-- an_campaign_deal_work lists each campaign's deals. amount is the deal's (every pair of a deal has it):
-- the influence statements count each (campaign, deal) from here, 4.4M rows at L, not from the 21.9M pairs.
-- Credits are written through DECIMAL(18,2), the type of the deal's amount, which a campaign's credit on
-- the deal never exceeds: DuckDB writes a DECIMAL(20,2) (a 128-bit value) as text four times slower, and
-- the 44M credits at L took 7–8 s against 2 s (the same text, compared on 4.4M synthetic rows). The
-- double is cast to DECIMAL(18,2) directly: through DECIMAL(20,2) first, the tails cost 6.8 CPU-s at L
-- against 6.1 and came out the same (every one of the 4.4M compared).
CREATE TABLE an_deal_entries STORED AS PARQUET AS
WITH pw AS (
  SELECT 1 AS pivot_row
         {{#each position}}, MAX(CASE WHEN w.model = '{{model}}' THEN w.only_weight END) AS {{model}}_only,
         MAX(CASE WHEN w.model = '{{model}}' THEN w.first_of_two_weight END) AS {{model}}_first_of_two,
         MAX(CASE WHEN w.model = '{{model}}' THEN w.last_of_two_weight END) AS {{model}}_last_of_two,
         MAX(CASE WHEN w.model = '{{model}}' THEN w.first_weight END) AS {{model}}_first,
         MAX(CASE WHEN w.model = '{{model}}' THEN w.middle_weight END) AS {{model}}_middle,
         MAX(CASE WHEN w.model = '{{model}}' THEN w.last_weight END) AS {{model}}_last{{/each}}
  FROM ${var:tenant_db}.at_position_weights w
)
SELECT d.stage, d.opportunity_id, d.campaign_id, d.amount,
       concat('|', CAST(d.touches AS STRING), '|', CAST(d.first_touch_day AS STRING), '|', CAST(d.last_touch_day AS STRING), '|'
         {{#each stored}}, COALESCE(CAST(CAST(ROUND(d.c_{{model}}, 2) AS DECIMAL(18,2)) AS STRING), ''), ';'{{/each}}
         {{#each position}}, COALESCE(CAST(CAST(ROUND(d.c_slot_only * pw.{{model}}_only
             + d.c_slot_first_of_two * pw.{{model}}_first_of_two + d.c_slot_last_of_two * pw.{{model}}_last_of_two
             + d.c_slot_first * pw.{{model}}_first + d.c_slot_middle * pw.{{model}}_middle + d.c_slot_last * pw.{{model}}_last, 2)
             AS DECIMAL(18,2)) AS STRING), ''), ';'{{/each}}) AS tail
FROM (
  SELECT p.stage, p.opportunity_id, p.campaign_id, MAX(p.amount) AS amount, COUNT(*) AS touches,
         CAST(MIN(p.touch_day) AS INT) AS first_touch_day, CAST(MAX(p.touch_day) AS INT) AS last_touch_day
         {{#each stored}}, SUM(p.amount * p.share_{{model}}) AS c_{{model}}{{/each}}
         {{#each slot}}, SUM(CASE WHEN p.position_slot = {{n}} THEN p.amount * p.position_slot_share ELSE 0 END) AS c_slot_{{slot}}{{/each}}
  FROM ${var:tenant_db}.at_paths p
  GROUP BY p.stage, p.opportunity_id, p.campaign_id
) d
CROSS JOIN pw
