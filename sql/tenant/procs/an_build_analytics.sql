-- The aggregate step's composition: every an_* table for every filter scope in
-- an_filter_scopes_next (written by the step from the compiled filter rules, 'all' included),
-- then one atomic swap. It reads the pair-grain work tables (filled before it by an_build_work
-- or by the cluster), what an_build_from_scopes built beside that work (the grid, the in-scope
-- opportunities per stage, an_deals_next, an_account_next), the scopes, cn_* and cfg_*, never the
-- pairs themselves (at_paths, at_credits, at_unattributed): for engine = impala they are not in MySQL.
DROP PROCEDURE IF EXISTS an_build_analytics;
DELIMITER //
CREATE PROCEDURE an_build_analytics(IN p_run_date DATE)
BEGIN
  -- The day the recency windows end: the last day with a touch, never after the run date; the run
  -- date when there is no touch (docs/attribution.md, "As-of date").
  DECLARE v_as_of DATE;
  SELECT LEAST(p_run_date, COALESCE(MAX(touch_date), p_run_date)) INTO v_as_of FROM cn_touches;

  CALL an_build_campaign();
  CALL an_build_channel();
  CALL an_build_campaign_quarter();
  CALL an_build_channel_quarter();
  CALL an_build_deal_paths();
  CALL an_build_quarter();
  CALL an_build_account_attribution();

  DROP TABLE IF EXISTS an_filter_scopes_old, an_campaign_old, an_channel_old, an_quarter_old, an_account_old,
                       an_account_attribution_old, an_campaign_quarter_old, an_channel_quarter_old, an_deals_old, an_deal_paths_old, an_campaign_deals_old;
  CALL run_fence_swap('an_build_analytics', 'an_filter_scopes TO an_filter_scopes_old, an_filter_scopes_next TO an_filter_scopes,
                                             an_campaign TO an_campaign_old, an_campaign_next TO an_campaign,
                                             an_channel TO an_channel_old, an_channel_next TO an_channel,
                                             an_campaign_quarter TO an_campaign_quarter_old, an_campaign_quarter_next TO an_campaign_quarter,
                                             an_channel_quarter TO an_channel_quarter_old, an_channel_quarter_next TO an_channel_quarter,
                                             an_deals TO an_deals_old, an_deals_next TO an_deals,
                                             an_deal_paths TO an_deal_paths_old, an_deal_paths_next TO an_deal_paths,
                                             an_campaign_deals TO an_campaign_deals_old, an_campaign_deals_next TO an_campaign_deals,
                                             an_quarter TO an_quarter_old, an_quarter_next TO an_quarter,
                                             an_account TO an_account_old, an_account_next TO an_account,
                                             an_account_attribution TO an_account_attribution_old, an_account_attribution_next TO an_account_attribution');
  DROP TABLE an_filter_scopes_old, an_campaign_old, an_channel_old, an_quarter_old, an_account_old, an_account_attribution_old,
             an_campaign_quarter_old, an_channel_quarter_old, an_deals_old, an_deal_paths_old, an_campaign_deals_old;
  DROP TABLE an_grid_work, an_stage_opportunities_work;
  -- The work tables hold one run's input: emptied once it is composed.
  TRUNCATE TABLE an_credit_work;
  TRUNCATE TABLE an_campaign_influence_work;
  TRUNCATE TABLE an_channel_influence_work;
  TRUNCATE TABLE an_quarter_credit_work;
  TRUNCATE TABLE an_unattributed_work;
  TRUNCATE TABLE an_quarter_unattributed_work;
  TRUNCATE TABLE an_account_credit_work;
  TRUNCATE TABLE an_campaign_quarter_credit_work;
  TRUNCATE TABLE an_campaign_quarter_influence_work;
  TRUNCATE TABLE an_channel_quarter_influence_work;
  TRUNCATE TABLE an_deal_path_work;
  TRUNCATE TABLE an_campaign_deal_work;
  TRUNCATE TABLE an_filter_names_work;
  REPLACE INTO an_build_info (id, run_date, as_of_date, built_at) VALUES (1, p_run_date, v_as_of, UTC_TIMESTAMP(6));
END//
DELIMITER ;
