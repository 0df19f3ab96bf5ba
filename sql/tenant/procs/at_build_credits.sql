-- at_credits_next: the shares of every enabled model over at_paths_next, then the invariant:
-- shares per (opportunity, stage, model) sum to 1 within 1e-9, or the step fails naming the
-- opportunity (and nothing is swapped in).
DROP PROCEDURE IF EXISTS at_build_credits;
DELIMITER //
CREATE PROCEDURE at_build_credits()
BEGIN
  DECLARE v_half_life DOUBLE;
  DECLARE v_x DOUBLE;
  DECLARE v_y DOUBLE;
  DECLARE v_bad_opportunity CHAR(18) DEFAULT NULL;
  DECLARE v_bad_stage VARCHAR(8);
  DECLARE v_bad_model VARCHAR(16);
  DECLARE v_bad_sum DOUBLE;
  DECLARE v_message VARCHAR(255);
  SELECT time_decay_half_life_days, custom_x / 100e0, custom_y / 100e0 INTO v_half_life, v_x, v_y
  FROM cfg_tenant_settings WHERE id = 1;

  DROP TABLE IF EXISTS at_credits_next;
  CREATE TABLE at_credits_next LIKE at_credits;

  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'first_touch') THEN
    INSERT INTO at_credits_next (opportunity_id, stage, model, touch_id, campaign_id, share, credit)
    SELECT p.opportunity_id, p.stage, 'first_touch', p.touch_id, p.campaign_id, 1e0, o.amount
    FROM at_paths_next p JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
    WHERE p.position = 1;
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'last_touch') THEN
    INSERT INTO at_credits_next (opportunity_id, stage, model, touch_id, campaign_id, share, credit)
    SELECT p.opportunity_id, p.stage, 'last_touch', p.touch_id, p.campaign_id, 1e0, o.amount
    FROM at_paths_next p JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id
    WHERE p.position = p.touch_count;
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'linear') THEN
    INSERT INTO at_credits_next (opportunity_id, stage, model, touch_id, campaign_id, share, credit)
    SELECT p.opportunity_id, p.stage, 'linear', p.touch_id, p.campaign_id, 1e0 / p.touch_count, o.amount * (1e0 / p.touch_count)
    FROM at_paths_next p JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id;
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'u_shaped') THEN
    CALL at_insert_position_based('u_shaped', 0.4e0, 0.2e0, 0.4e0);
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'j_shaped') THEN
    CALL at_insert_position_based('j_shaped', 0.2e0, 0.2e0, 0.6e0);
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'inverse_j') THEN
    CALL at_insert_position_based('inverse_j', 0.6e0, 0.2e0, 0.2e0);
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'custom_xyx') THEN
    CALL at_insert_position_based('custom_xyx', v_x, v_y, v_x);
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'w_shaped') THEN
    CALL at_insert_milestone_based('w_shaped', 0.3e0, 0.3e0, 0);
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'full_path') THEN
    -- In the pipeline stage full path is w-shaped; in revenue it adds the closed-won milestone.
    CALL at_insert_milestone_based('full_path', 0.3e0, 0.225e0, 1);
  END IF;
  IF EXISTS (SELECT 1 FROM cfg_tenant_list WHERE list_name = 'models' AND value = 'time_decay') THEN
    INSERT INTO at_credits_next (opportunity_id, stage, model, touch_id, campaign_id, share, credit)
    SELECT w.opportunity_id, w.stage, 'time_decay', w.touch_id, w.campaign_id,
           w.weight / SUM(w.weight) OVER (PARTITION BY w.opportunity_id, w.stage),
           o.amount * w.weight / SUM(w.weight) OVER (PARTITION BY w.opportunity_id, w.stage)
    FROM (
      SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id,
             POW(2e0, -DATEDIFF(m.anchor_date, p.touch_date) / v_half_life) AS weight
      FROM at_paths_next p
      JOIN at_milestones_next m ON m.opportunity_id = p.opportunity_id AND m.stage = p.stage
    ) w
    JOIN cn_opportunities o ON o.opportunity_id = w.opportunity_id;
  END IF;

  SELECT opportunity_id, stage, model, SUM(share) INTO v_bad_opportunity, v_bad_stage, v_bad_model, v_bad_sum
  FROM at_credits_next
  GROUP BY opportunity_id, stage, model
  HAVING ABS(SUM(share) - 1e0) > 1e-9
  ORDER BY opportunity_id, stage, model
  LIMIT 1;
  IF v_bad_opportunity IS NOT NULL THEN
    SET v_message = CONCAT('attribution invariant broken: shares of opportunity ', v_bad_opportunity, ' (', v_bad_stage,
                           ', ', v_bad_model, ') sum to ', v_bad_sum, ', not 1');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_message;
  END IF;
END//
DELIMITER ;
