-- Every (opportunity, stage, touch) pair that counts, with its path_rank: consecutive within the
-- path, so that its position t1…tN by (touch_day, touch_id) is path_rank less the path's first
-- rank (at_milestones.first_rank), plus one. A view: the pairs are written once, in at_paths.
-- Which touches count follows the tenant's influence_path (cfg_settings):
--   account              people on the opportunity's account (at_person_accounts): the
--                        account's touches, ranked once per account in at_account_touches
--   contact_roles        people holding a contact role on the opportunity
--   primary_contact_role the primary contact role only; both numbered per path here
-- A touch counts when created day - lookback_days <= touch day <= anchor day. The touches are
-- at_touches: the Salesforce ones, and the web touches when the tenant counts them.
CREATE VIEW at_positions AS
SELECT a.opportunity_id, a.stage, a.anchor_day, a.created_day, t.touch_id, t.campaign_id, t.person_id, t.touch_day,
       t.person_created_day, t.path_rank
FROM at_stage_anchors a
JOIN at_account_touches t ON t.account_id = a.account_id
WHERE t.touch_day >= a.window_start AND t.touch_day <= a.anchor_day
UNION ALL
SELECT r.opportunity_id, r.stage, r.anchor_day, r.created_day, r.touch_id, r.campaign_id, r.person_id, r.touch_day,
       r.person_created_day,
       ROW_NUMBER() OVER (PARTITION BY r.opportunity_id, r.stage ORDER BY r.touch_day, r.touch_id) AS path_rank
FROM (
  SELECT a.opportunity_id, a.stage, a.anchor_day, a.created_day, t.touch_id, t.campaign_id, t.person_id, t.touch_day,
         pe.created_day AS person_created_day
  FROM at_stage_anchors a
  JOIN cn_opportunity_people op ON op.opportunity_id = a.opportunity_id
  JOIN at_touches t ON t.person_id = op.person_id
  LEFT JOIN cn_people pe ON pe.person_id = t.person_id
  CROSS JOIN cfg_settings s
  WHERE (s.influence_path = 'contact_roles' OR (s.influence_path = 'primary_contact_role' AND op.is_primary = 1))
    AND t.touch_day >= a.window_start AND t.touch_day <= a.anchor_day
) r
