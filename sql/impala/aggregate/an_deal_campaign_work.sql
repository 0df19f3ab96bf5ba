-- → MySQL an_deal_campaign_work: each (stage, opportunity, campaign) of the tenant's pairs (every
-- opportunity: the 'all' filter) with the campaign's touches on the deal, its first and last touch
-- day, and every model's credit as "model=credit;…" (two decimals; in no particular order), unpivoted
-- as an_group_credits does: a model with a share column and no share here is left out; a position
-- model of the attribution in force is its slot weights × the slot sums. The drill-down's deal paths.
SELECT d.stage, d.opportunity_id, d.campaign_id, d.touches, d.first_touch_day, d.last_touch_day,
       COALESCE(group_concat(concat(m.model, '=', CAST(CAST(ROUND(
         CASE WHEN w.model IS NOT NULL THEN 0{{#each slot}} + d.c_slot_{{slot}} * w.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN d.c_{{model}}{{/each}} END END, 2) AS DECIMAL(20,2)) AS STRING)), ';'), '') AS credits
FROM (
  SELECT p.stage, p.opportunity_id, p.campaign_id, COUNT(*) AS touches,
         CAST(MIN(p.touch_day) AS INT) AS first_touch_day, CAST(MAX(p.touch_day) AS INT) AS last_touch_day
         {{#each stored}}, SUM(p.amount * p.share_{{model}}) AS c_{{model}}{{/each}}
         {{#each slot}}, SUM(CASE WHEN p.position_slot = {{n}} THEN p.amount * p.position_slot_share ELSE 0 END) AS c_slot_{{slot}}{{/each}}
  FROM ${var:tenant_db}.at_paths p
  GROUP BY p.stage, p.opportunity_id, p.campaign_id
) d
CROSS JOIN (SELECT model FROM ${var:tenant_db}.at_position_weights{{#each stored}} UNION ALL SELECT '{{model}}'{{/each}}) m
LEFT JOIN ${var:tenant_db}.at_position_weights w ON w.model = m.model
GROUP BY d.stage, d.opportunity_id, d.campaign_id, d.touches, d.first_touch_day, d.last_touch_day
