-- What the aggregate needs that no pair goes into, from the scopes (an_filter_scopes_next), the
-- names of the filters, cn_*, cfg_* and at_person_accounts alone: the (filter, stage, model) grid,
-- the in-scope opportunities per stage, an_deals_next and an_account_next. The aggregate step
-- calls it on a connection of its own while the pair-grain work runs (about 2.3 s of the 3.6 s
-- an_build_analytics took at M); an_build_analytics composes the rest from both and swaps.
DROP PROCEDURE IF EXISTS an_build_from_scopes;
DELIMITER //
CREATE PROCEDURE an_build_from_scopes(IN p_run_date DATE)
BEGIN
  -- The day the recency windows end, as an_build_analytics records it (docs/attribution.md, "As-of date").
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

  CALL an_build_deals();
  CALL an_build_account(v_as_of);
END//
DELIMITER ;
