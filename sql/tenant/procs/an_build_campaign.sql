-- an_campaign_next: per filter, stage and model, every campaign with its attributed amount and
-- opportunities (sum of credits and shares), its influence (each touched opportunity's full
-- amount, once), the distinct touches counted, cost and ROI; plus one unattributed row.
-- Cost is the campaign's whole spend under every filter: nothing says which part of it was spent
-- on a filter's accounts, so ROI is given for the 'all' filter only and withheld (NULL) under any
-- other, rather than dividing part of the revenue by all of the cost (docs/decisions/cost-under-a-filter.md).
-- Composed from the work tables alone (an_credit_work, an_campaign_influence_work, an_unattributed_work).
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
         COALESCE(i.influenced_amount, 0), COALESCE(i.influenced_opportunities, 0), COALESCE(i.touches, 0),
         c.cost, CASE WHEN b.filter_name = 'all' THEN COALESCE(cr.attributed_amount, 0) / NULLIF(c.cost, 0) END
  FROM an_grid_work b
  CROSS JOIN cn_campaigns c
  LEFT JOIN an_campaign_influence_work i
    ON i.filter_name = b.filter_name AND i.stage = b.stage AND i.campaign_id = c.campaign_id
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
