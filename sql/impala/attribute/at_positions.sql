-- Every (opportunity, stage, touch) pair that counts, positioned t1…tN by (touch_day, touch_id).
-- N (touch_count) is counted per path in at_milestones: one window here, not two.
-- Which touches count follows the tenant's influence_path (cfg_settings):
--   account              people on the opportunity's account (at_person_accounts)
--   contact_roles        people holding a contact role on the opportunity
--   primary_contact_role the primary contact role only
-- A touch counts when created day - lookback_days <= touch day <= anchor day. The touches are
-- at_touches: the Salesforce ones, and the web touches when the tenant counts them.
CREATE TABLE at_positions STORED AS PARQUET AS
SELECT pairs.opportunity_id, pairs.stage, pairs.touch_id, pairs.campaign_id, pairs.person_id, pairs.touch_day,
       ROW_NUMBER() OVER (PARTITION BY pairs.opportunity_id, pairs.stage ORDER BY pairs.touch_day, pairs.touch_id) AS `position`
FROM (
  SELECT a.opportunity_id, a.stage, t.touch_id, t.campaign_id, t.person_id, t.touch_day
  FROM at_stage_anchors a
  JOIN at_person_accounts pa ON pa.account_id = a.account_id
  JOIN at_touches t ON t.person_id = pa.person_id
  CROSS JOIN cfg_settings s
  WHERE s.influence_path = 'account'
    AND t.touch_day >= a.window_start AND t.touch_day <= a.anchor_day
  UNION ALL
  SELECT a.opportunity_id, a.stage, t.touch_id, t.campaign_id, t.person_id, t.touch_day
  FROM at_stage_anchors a
  JOIN cn_opportunity_people op ON op.opportunity_id = a.opportunity_id
  JOIN at_touches t ON t.person_id = op.person_id
  CROSS JOIN cfg_settings s
  WHERE (s.influence_path = 'contact_roles' OR (s.influence_path = 'primary_contact_role' AND op.is_primary = 1))
    AND t.touch_day >= a.window_start AND t.touch_day <= a.anchor_day
) pairs
