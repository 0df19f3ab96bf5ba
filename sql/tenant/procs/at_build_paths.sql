-- at_positions_work: every (opportunity, stage, touch) pair that counts, positioned t1…tN by
-- (touch_date, touch_id), and at_milestones_next: the milestone positions per (opportunity,
-- stage); at_build_credits turns the positions into at_paths_next with every model's share.
-- Which touches count follows the tenant's influence_path:
--   account              people on the opportunity's account (at_person_accounts_next)
--   contact_roles        people holding a contact role on the opportunity
--   primary_contact_role the primary contact role only
-- A touch counts when created_date - lookback_days <= touch_date <= anchor, where the anchor is
-- the created date (pipeline) or the close date (revenue, won opportunities only).
DROP PROCEDURE IF EXISTS at_build_paths;
DELIMITER //
CREATE PROCEDURE at_build_paths()
BEGIN
  DECLARE v_path VARCHAR(32);
  DECLARE v_lookback INT;
  SELECT influence_path, lookback_days INTO v_path, v_lookback FROM cfg_tenant_settings WHERE id = 1;

  DROP TABLE IF EXISTS at_stage_anchors_work, at_pairs_work;
  -- One row per opportunity and stage it is attributed in, with the window of counted dates.
  CREATE TABLE at_stage_anchors_work (
    opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, account_id CHAR(18) NULL,
    window_start DATE NOT NULL, anchor_date DATE NOT NULL, created_date DATE NOT NULL,
    PRIMARY KEY (opportunity_id, stage), KEY (account_id)
  ) ENGINE=InnoDB;
  INSERT INTO at_stage_anchors_work
  SELECT o.opportunity_id, 'pipeline', o.account_id, o.created_date - INTERVAL v_lookback DAY, o.created_date, o.created_date
  FROM cn_opportunities o;
  INSERT INTO at_stage_anchors_work
  SELECT o.opportunity_id, 'revenue', o.account_id, o.created_date - INTERVAL v_lookback DAY, o.close_date, o.created_date
  FROM cn_opportunities o WHERE o.is_won = 1 AND o.close_date IS NOT NULL;

  CREATE TABLE at_pairs_work (
    opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, touch_id CHAR(18) NOT NULL,
    campaign_id CHAR(18) NOT NULL, person_id CHAR(18) NOT NULL, touch_date DATE NOT NULL,
    PRIMARY KEY (opportunity_id, stage, touch_id)
  ) ENGINE=InnoDB;

  IF v_path = 'account' THEN
    INSERT INTO at_pairs_work
    SELECT a.opportunity_id, a.stage, t.touch_id, t.campaign_id, t.person_id, t.touch_date
    FROM at_stage_anchors_work a
    JOIN at_person_accounts_next pa ON pa.account_id = a.account_id
    JOIN cn_touches t ON t.person_id = pa.person_id
    WHERE t.touch_date BETWEEN a.window_start AND a.anchor_date;
  ELSE
    INSERT INTO at_pairs_work
    SELECT a.opportunity_id, a.stage, t.touch_id, t.campaign_id, t.person_id, t.touch_date
    FROM at_stage_anchors_work a
    JOIN cn_opportunity_people op ON op.opportunity_id = a.opportunity_id
                                 AND (v_path = 'contact_roles' OR op.is_primary = 1)
    JOIN cn_touches t ON t.person_id = op.person_id
    WHERE t.touch_date BETWEEN a.window_start AND a.anchor_date;
  END IF;

  DROP TABLE IF EXISTS at_positions_work;
  CREATE TABLE at_positions_work (
    opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, touch_id CHAR(18) NOT NULL,
    campaign_id CHAR(18) NOT NULL, person_id CHAR(18) NOT NULL, touch_date DATE NOT NULL,
    position INT NOT NULL, touch_count INT NOT NULL,
    PRIMARY KEY (opportunity_id, stage, touch_id)
  ) ENGINE=InnoDB;
  INSERT INTO at_positions_work (opportunity_id, stage, touch_id, campaign_id, person_id, touch_date, position, touch_count)
  SELECT opportunity_id, stage, touch_id, campaign_id, person_id, touch_date,
         ROW_NUMBER() OVER (PARTITION BY opportunity_id, stage ORDER BY touch_date, touch_id),
         COUNT(*) OVER (PARTITION BY opportunity_id, stage)
  FROM at_pairs_work;

  -- Milestones: lead creation = the first touch dated on or after the created date of the
  -- touch's own person (t1 when none); opportunity creation = the last touch dated on or before
  -- the opportunity's created date (t1 when none; always tN in the pipeline stage).
  DROP TABLE IF EXISTS at_milestones_next;
  CREATE TABLE at_milestones_next (
    opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, anchor_date DATE NOT NULL,
    touch_count INT NOT NULL, lead_position INT NOT NULL, opportunity_position INT NOT NULL,
    PRIMARY KEY (opportunity_id, stage)
  ) ENGINE=InnoDB;
  INSERT INTO at_milestones_next
  SELECT p.opportunity_id, p.stage, a.anchor_date, MAX(p.touch_count),
         COALESCE(MIN(CASE WHEN p.touch_date >= pe.created_date THEN p.position END), 1),
         COALESCE(MAX(CASE WHEN p.touch_date <= a.created_date THEN p.position END), 1)
  FROM at_positions_work p
  JOIN at_stage_anchors_work a ON a.opportunity_id = p.opportunity_id AND a.stage = p.stage
  LEFT JOIN cn_people pe ON pe.person_id = p.person_id
  GROUP BY p.opportunity_id, p.stage, a.anchor_date;

  DROP TABLE IF EXISTS at_pairs_work;
END//
DELIMITER ;
