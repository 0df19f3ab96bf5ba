-- The aggregate step's composition: every an_* table for every filter scope in
-- an_filter_scopes_next (written by the step from the compiled filter rules, 'all' included),
-- then one atomic swap. It reads the pair-grain work tables (filled before it by an_build_work
-- or by the cluster), the scopes, cn_*, cfg_* and at_person_accounts, never the pairs
-- themselves (at_paths, at_credits, at_unattributed): for engine = impala they are not in MySQL.
DROP PROCEDURE IF EXISTS an_build_analytics;
DELIMITER //
CREATE PROCEDURE an_build_analytics(IN p_run_date DATE)
BEGIN
  -- The day the recency windows end: the last day with a touch, never after the run date; the run
  -- date when there is no touch (docs/attribution.md, "As-of date").
  DECLARE v_as_of DATE;
  SELECT LEAST(p_run_date, COALESCE(MAX(touch_date), p_run_date)) INTO v_as_of FROM cn_touches;

  -- (filter, stage, model) combinations every table reports on: every filter the step named
  -- (an_filter_names_work), also those whose rule matched no opportunity and so have no scope rows.
  DROP TABLE IF EXISTS an_grid_work;
  CREATE TABLE an_grid_work (filter_name VARCHAR(100) NOT NULL, stage VARCHAR(8) NOT NULL, model VARCHAR(16) NOT NULL,
                             PRIMARY KEY (filter_name, stage, model)) ENGINE=InnoDB;
  INSERT INTO an_grid_work
  SELECT f.filter_name, s.stage, m.value
  FROM (SELECT filter_name FROM an_filter_names_work UNION SELECT DISTINCT filter_name FROM an_filter_scopes_next UNION SELECT 'all') f
  CROSS JOIN (SELECT 'pipeline' AS stage UNION ALL SELECT 'revenue') s
  CROSS JOIN cfg_tenant_list m WHERE m.list_name = 'models';

  -- In-scope opportunities per stage they are attributed in, with the fiscal quarter that stage reports.
  DROP TABLE IF EXISTS an_stage_opportunities_work;
  CREATE TABLE an_stage_opportunities_work (
    filter_name VARCHAR(100) NOT NULL, stage VARCHAR(8) NOT NULL, opportunity_id CHAR(18) NOT NULL,
    amount DECIMAL(18,2) NOT NULL, fiscal_year INT NOT NULL, fiscal_quarter TINYINT NOT NULL,
    PRIMARY KEY (filter_name, stage, opportunity_id), KEY (opportunity_id)
  ) ENGINE=InnoDB;
  INSERT INTO an_stage_opportunities_work
  SELECT s.filter_name, 'pipeline', o.opportunity_id, o.amount, o.created_fiscal_year, o.created_fiscal_quarter
  FROM an_filter_scopes_next s JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id;
  INSERT INTO an_stage_opportunities_work
  SELECT s.filter_name, 'revenue', o.opportunity_id, o.amount, o.fiscal_year, o.fiscal_quarter
  FROM an_filter_scopes_next s JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
  WHERE o.is_won = 1 AND o.close_date IS NOT NULL;

  CALL an_build_campaign();
  CALL an_build_channel();
  CALL an_build_campaign_quarter();
  CALL an_build_channel_quarter();
  CALL an_build_deals();
  CALL an_build_quarter();
  CALL an_build_account(v_as_of);
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
