-- Milestone shares of one model into at_credits_next. Milestones: first touch (t1), lead
-- creation, opportunity creation, and with p_closed_won = 1 in the revenue stage closed won
-- (tN). Each milestone weighs p_pipeline_weight or p_revenue_weight by stage. A touch holding k
-- milestones takes k weights; touches holding none share what is left evenly; when every touch holds a milestone, the milestone
-- weights are scaled so the shares sum to 1 (k / number of milestones).
DROP PROCEDURE IF EXISTS at_insert_milestone_based;
DELIMITER //
CREATE PROCEDURE at_insert_milestone_based(IN p_model VARCHAR(16), IN p_pipeline_weight DOUBLE,
                                           IN p_revenue_weight DOUBLE, IN p_closed_won TINYINT)
BEGIN
  INSERT INTO at_credits_next (opportunity_id, stage, model, touch_id, campaign_id, share, credit)
  SELECT s.opportunity_id, s.stage, p_model, s.touch_id, s.campaign_id, s.share, o.amount * s.share
  FROM (
    SELECT k.opportunity_id, k.stage, k.touch_id, k.campaign_id,
           CASE WHEN k.touch_count > k.milestone_touches
                THEN IF(k.held > 0, k.held * k.weight, (1e0 - k.milestones * k.weight) / (k.touch_count - k.milestone_touches))
                ELSE k.held / k.milestones END AS share
    FROM (
      SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id, p.touch_count, c.weight,
             (p.position = 1) + (p.position = m.lead_position) + (p.position = m.opportunity_position)
               + (c.closed_won = 1 AND p.position = p.touch_count) AS held,
             3e0 + c.closed_won AS milestones,
             -- how many distinct touches hold at least one milestone
             1 + (m.lead_position <> 1)
               + (m.opportunity_position <> 1 AND m.opportunity_position <> m.lead_position)
               + (c.closed_won = 1 AND p.touch_count <> 1 AND p.touch_count <> m.lead_position
                  AND p.touch_count <> m.opportunity_position) AS milestone_touches
      FROM at_paths_next p
      JOIN at_milestones_next m ON m.opportunity_id = p.opportunity_id AND m.stage = p.stage
      JOIN (SELECT 'pipeline' AS stage, 0 AS closed_won, p_pipeline_weight AS weight
            UNION ALL SELECT 'revenue', p_closed_won, p_revenue_weight) c ON c.stage = p.stage
    ) k
  ) s
  JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id;
END//
DELIMITER ;
