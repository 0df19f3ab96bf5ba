-- at_paths_next: every positioned pair of at_positions_work with the milestones it holds (bit mask:
-- 1 first touch, 2 lead creation, 4 opportunity creation, 8 closed won), its position slot, and the
-- share each enabled model with a share column gives it (NULL where the model gives it none or is
-- not enabled), in one pass; at_position_weights_next: the enabled position models with their slot
-- weights. at_credits is the view that unpivots both. The engine then checks that shares per
-- (opportunity, stage, model) sum to 1 (sql/shared/at_credits_invariant.sql) before anything is
-- swapped in.
--
-- No model is named here: the model loops are written out from at_models when this is migrated
-- (ModelTemplate), and every parameter comes from at_model_weights (0014) and at_position_slot_weights
-- (0012), as the one-row w (milestones) and h (half-lives); which models the tenant enables is the one-row e.
-- Position based (every at_models row of kind position): the pair's slot (0012: 1 only touch,
-- 2/3 first/last of two, 4/5/6 first/middle/last of N ≥ 3) and its part of the slot (1, or 1/(N-2)
-- for a middle touch); its share is the model's slot weight × that part, read where it is used.
-- Milestone based (first touch, lead creation, opportunity creation; with closed_won_milestone also
-- closed won = tN in revenue; weight W per milestone, the stage's): a touch holding k milestones
-- takes k × W; touches holding none share what is left evenly; when every touch holds a
-- milestone, shares are k / number of milestones.
-- Time decay: 2^(-days before the anchor / half-life), normalized per (opportunity, stage).
-- Arithmetic is DOUBLE throughout, the same as the Impala offload's sql/impala/attribute/at_paths.sql.
DROP PROCEDURE IF EXISTS at_build_credits;
DELIMITER //
CREATE PROCEDURE at_build_credits()
BEGIN
  DROP TABLE IF EXISTS at_paths_next;
  CREATE TABLE at_paths_next LIKE at_paths;
  INSERT INTO at_paths_next (opportunity_id, stage, touch_id, campaign_id, person_id, touch_date, position, touch_count, amount,
                             milestones, position_slot, position_slot_share{{#each stored}}, share_{{model}}{{/each}})
  SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id, k.person_id, k.touch_date, k.position, k.touch_count, k.amount,
         k.milestones,
         CASE WHEN k.touch_count = 1 THEN 1 WHEN k.touch_count = 2 THEN IF(k.position = 1, 2, 3)
              WHEN k.position = 1 THEN 4 WHEN k.position = k.touch_count THEN 6 ELSE 5 END,
         IF(k.touch_count > 2 AND k.position > 1 AND k.position < k.touch_count, 1e0 / (k.touch_count - 2), 1e0)
         {{#each first_touch}}, IF(e.{{model}}_on AND k.position = 1, 1e0, NULL){{/each}}
         {{#each last_touch}}, IF(e.{{model}}_on AND k.position = k.touch_count, 1e0, NULL){{/each}}
         {{#each linear}}, IF(e.{{model}}_on, 1e0 / k.touch_count, NULL){{/each}}
         {{#each milestone}}, IF(e.{{model}}_on, CASE WHEN k.touch_count > k.held_touches + w.{{model}}_won * k.won_touch THEN IF(k.held + w.{{model}}_won * k.won_held > 0, (k.held + w.{{model}}_won * k.won_held) * IF(k.stage = 'revenue', w.{{model}}_revenue, w.{{model}}_pipeline), (1e0 - (3e0 + w.{{model}}_won * (k.stage = 'revenue')) * IF(k.stage = 'revenue', w.{{model}}_revenue, w.{{model}}_pipeline)) / (k.touch_count - k.held_touches - w.{{model}}_won * k.won_touch)) ELSE (k.held + w.{{model}}_won * k.won_held) / (3e0 + w.{{model}}_won * (k.stage = 'revenue')) END, NULL){{/each}}
         {{#each time_decay}}, IF(e.{{model}}_on, k.{{model}}_decay / SUM(k.{{model}}_decay) OVER (PARTITION BY k.opportunity_id, k.stage), NULL){{/each}}
  FROM (
    SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id, p.person_id, p.touch_date, p.position, p.touch_count, o.amount,
           (p.position = 1) + 2 * (p.position = m.lead_position) + 4 * (p.position = m.opportunity_position)
             + 8 * (p.stage = 'revenue' AND p.position = p.touch_count) AS milestones,
           -- the three milestones every milestone model counts: first touch, lead creation, opportunity
           -- creation; held by this touch, and held by how many distinct touches of the path
           (p.position = 1) + (p.position = m.lead_position) + (p.position = m.opportunity_position) AS held,
           1 + (m.lead_position <> 1) + (m.opportunity_position <> 1 AND m.opportunity_position <> m.lead_position) AS held_touches,
           -- closed won (revenue, tN), for the models that count it: held here, and a touch of its own
           (p.stage = 'revenue' AND p.position = p.touch_count) AS won_held,
           (p.stage = 'revenue' AND p.touch_count <> 1 AND p.touch_count <> m.lead_position
              AND p.touch_count <> m.opportunity_position) AS won_touch
           -- each time-decay model's weight of the touch, once per pair (normalized by its window sum above)
           {{#each time_decay}}, POW(2e0, -DATEDIFF(m.anchor_date, p.touch_date) / h.{{model}}_half_life) AS {{model}}_decay{{/each}}
    FROM at_positions_work p
    JOIN at_milestones_next m ON m.opportunity_id = p.opportunity_id AND m.stage = p.stage
    JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
    CROSS JOIN (
      -- the time-decay models' half-lives, as one row
      SELECT 0 AS one_row{{#each time_decay}}, MAX(IF(model = '{{model}}', half_life_days, NULL)) AS {{model}}_half_life{{/each}}
      FROM at_model_weights
    ) h
  ) k
  CROSS JOIN (
    -- the milestone models' parameters, as one row
    SELECT 0 AS one_row
           {{#each milestone}}, MAX(IF(model = '{{model}}', pipeline_milestone_weight, NULL)) AS {{model}}_pipeline, MAX(IF(model = '{{model}}', revenue_milestone_weight, NULL)) AS {{model}}_revenue, MAX(IF(model = '{{model}}', closed_won_milestone, NULL)) AS {{model}}_won{{/each}}
    FROM at_model_weights
  ) w
  CROSS JOIN (
    -- which models with a share column the tenant enables, read once rather than on every pair
    SELECT 0 AS one_row{{#each stored}}, COALESCE(MAX(value = '{{model}}'), 0) AS {{model}}_on{{/each}}
    FROM cfg_tenant_list WHERE list_name = 'models'
  ) e;
  DROP TABLE at_positions_work;

  -- The position models this attribution is built with, at their weights now (at_credits and the
  -- aggregates read the shares through this table, swapped in with at_paths).
  DROP TABLE IF EXISTS at_position_weights_next;
  CREATE TABLE at_position_weights_next LIKE at_position_weights;
  INSERT INTO at_position_weights_next
  SELECT w.model, w.only_weight, w.first_of_two_weight, w.last_of_two_weight, w.first_weight, w.middle_weight, w.last_weight
  FROM at_position_slot_weights w
  WHERE w.model IN (SELECT value FROM cfg_tenant_list WHERE list_name = 'models');
END//
DELIMITER ;
