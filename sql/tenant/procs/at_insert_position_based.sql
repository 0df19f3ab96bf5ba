-- Position-based shares of one model into at_credits_next: N = 1 → 1; N = 2 → F/(F+L) and
-- L/(F+L); N ≥ 3 → F to t1, L to tN, M/(N-2) to each middle touch. Arithmetic is DOUBLE.
DROP PROCEDURE IF EXISTS at_insert_position_based;
DELIMITER //
CREATE PROCEDURE at_insert_position_based(IN p_model VARCHAR(16), IN p_first DOUBLE, IN p_middle DOUBLE, IN p_last DOUBLE)
BEGIN
  INSERT INTO at_credits_next (opportunity_id, stage, model, touch_id, campaign_id, share, credit)
  SELECT s.opportunity_id, s.stage, p_model, s.touch_id, s.campaign_id, s.share, o.amount * s.share
  FROM (
    SELECT p.opportunity_id, p.stage, p.touch_id, p.campaign_id,
           CASE WHEN p.touch_count = 1 THEN 1e0
                WHEN p.touch_count = 2 THEN IF(p.position = 1, p_first, p_last) / (p_first + p_last)
                WHEN p.position = 1 THEN p_first
                WHEN p.position = p.touch_count THEN p_last
                ELSE p_middle / (p.touch_count - 2) END AS share
    FROM at_paths_next p
  ) s
  JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id;
END//
DELIMITER ;
