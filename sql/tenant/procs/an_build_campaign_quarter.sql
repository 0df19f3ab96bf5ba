-- an_campaign_quarter_next: per filter, stage, model, campaign and the fiscal quarter the stage
-- reports in, the attributed amount and opportunities and the influence, for every (campaign,
-- quarter) with a counted touch; a model without credit there (a share-column model with no share)
-- gets 0, as an_campaign gives it. Composed from the work tables alone.
DROP PROCEDURE IF EXISTS an_build_campaign_quarter;
DELIMITER //
CREATE PROCEDURE an_build_campaign_quarter()
BEGIN
  DROP TABLE IF EXISTS an_campaign_quarter_next;
  CREATE TABLE an_campaign_quarter_next LIKE an_campaign_quarter;
  INSERT INTO an_campaign_quarter_next (filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter,
                                        attributed_amount, attributed_opportunities, influenced_amount, influenced_opportunities)
  SELECT b.filter_name, b.stage, b.model, i.campaign_id, i.fiscal_year, i.fiscal_quarter,
         COALESCE(cr.attributed_amount, 0), COALESCE(cr.attributed_opportunities, 0),
         i.influenced_amount, i.influenced_opportunities
  FROM an_grid_work b
  JOIN an_campaign_quarter_influence_work i ON i.filter_name = b.filter_name AND i.stage = b.stage
  LEFT JOIN an_campaign_quarter_credit_work cr
    ON cr.filter_name = b.filter_name AND cr.stage = b.stage AND cr.model = b.model AND cr.campaign_id = i.campaign_id
   AND cr.fiscal_year = i.fiscal_year AND cr.fiscal_quarter = i.fiscal_quarter;
END//
DELIMITER ;
