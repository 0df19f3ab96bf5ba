-- at_unattributed_next: opportunities with no counted touch, per stage they are attributed in
-- (pipeline: every opportunity; revenue: won ones, including those without a close date).
-- They are reported, never dropped.
DROP PROCEDURE IF EXISTS at_build_unattributed;
DELIMITER //
CREATE PROCEDURE at_build_unattributed()
BEGIN
  DROP TABLE IF EXISTS at_unattributed_next;
  CREATE TABLE at_unattributed_next LIKE at_unattributed;
  INSERT INTO at_unattributed_next (opportunity_id, stage, amount)
  SELECT a.opportunity_id, a.stage, o.amount
  FROM at_stage_anchors_work a
  JOIN cn_opportunities o ON o.opportunity_id = a.opportunity_id
  WHERE NOT EXISTS (SELECT 1 FROM at_milestones_next m WHERE m.opportunity_id = a.opportunity_id AND m.stage = a.stage);
  -- A won opportunity without a close date has no revenue anchor: its revenue stays visible as unattributed.
  INSERT INTO at_unattributed_next (opportunity_id, stage, amount)
  SELECT o.opportunity_id, 'revenue', o.amount FROM cn_opportunities o WHERE o.is_won = 1 AND o.close_date IS NULL;
END//
DELIMITER ;
