-- an_campaign_next: per filter, stage and model, every campaign with its attributed amount and
-- opportunities (sum of credits and shares), its influence (each touched opportunity's full
-- amount, once), the distinct touches counted, cost and ROI; plus one unattributed row.
DROP PROCEDURE IF EXISTS an_build_campaign;
DELIMITER //
CREATE PROCEDURE an_build_campaign()
BEGIN
  DROP TABLE IF EXISTS an_campaign_next;
  CREATE TABLE an_campaign_next LIKE an_campaign;
  INSERT INTO an_campaign_next (filter_name, stage, model, campaign_id, campaign_name, channel, attributed_amount,
                                attributed_opportunities, influenced_amount, influenced_opportunities, touches, cost, roi)
  SELECT b.filter_name, b.stage, b.model, c.campaign_id, c.name, c.channel,
         COALESCE(cr.attributed_amount, 0), COALESCE(cr.attributed_opportunities, 0),
         COALESCE(i.influenced_amount, 0), COALESCE(i.influenced_opportunities, 0), COALESCE(t.touches, 0),
         c.cost, COALESCE(cr.attributed_amount, 0) / NULLIF(c.cost, 0)
  FROM an_grid_work b
  CROSS JOIN cn_campaigns c
  LEFT JOIN (
    SELECT w.filter_name, w.stage, w.campaign_id, SUM(o.amount) AS influenced_amount, COUNT(*) AS influenced_opportunities
    FROM an_influence_work w JOIN cn_opportunities o ON o.opportunity_id = w.opportunity_id
    GROUP BY w.filter_name, w.stage, w.campaign_id
  ) i ON i.filter_name = b.filter_name AND i.stage = b.stage AND i.campaign_id = c.campaign_id
  LEFT JOIN (
    SELECT s.filter_name, p.stage, p.campaign_id, COUNT(DISTINCT p.touch_id) AS touches
    FROM at_paths p JOIN an_filter_scopes_next s ON s.opportunity_id = p.opportunity_id
    GROUP BY s.filter_name, p.stage, p.campaign_id
  ) t ON t.filter_name = b.filter_name AND t.stage = b.stage AND t.campaign_id = c.campaign_id
  LEFT JOIN an_credit_work cr
    ON cr.filter_name = b.filter_name AND cr.stage = b.stage AND cr.model = b.model AND cr.campaign_id = c.campaign_id;

  INSERT INTO an_campaign_next (filter_name, stage, model, campaign_id, campaign_name, channel, attributed_amount,
                                attributed_opportunities, influenced_amount, influenced_opportunities, touches, cost, roi)
  SELECT b.filter_name, b.stage, b.model, '', '(unattributed)', '(unattributed)',
         COALESCE(u.amount, 0), COALESCE(u.opportunities, 0), 0, 0, 0, NULL, NULL
  FROM an_grid_work b
  LEFT JOIN an_unattributed_work u ON u.filter_name = b.filter_name AND u.stage = b.stage;
END//
DELIMITER ;
