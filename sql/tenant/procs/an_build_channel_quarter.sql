-- an_channel_quarter_next: an_campaign_quarter_next rolled up by the campaigns' channel, with the
-- influence recounted per channel and quarter (an_channel_quarter_influence_work), so an opportunity
-- touched by two campaigns of one channel counts once, as an_channel counts it.
DROP PROCEDURE IF EXISTS an_build_channel_quarter;
DELIMITER //
CREATE PROCEDURE an_build_channel_quarter()
BEGIN
  DROP TABLE IF EXISTS an_channel_quarter_next;
  CREATE TABLE an_channel_quarter_next LIKE an_channel_quarter;
  INSERT INTO an_channel_quarter_next (filter_name, stage, model, channel, fiscal_year, fiscal_quarter,
                                       attributed_amount, attributed_opportunities, influenced_amount, influenced_opportunities)
  SELECT a.filter_name, a.stage, a.model, a.channel, a.fiscal_year, a.fiscal_quarter, a.attributed_amount, a.attributed_opportunities,
         COALESCE(i.influenced_amount, 0), COALESCE(i.influenced_opportunities, 0)
  FROM (
    SELECT q.filter_name, q.stage, q.model, c.channel, q.fiscal_year, q.fiscal_quarter,
           SUM(q.attributed_amount) AS attributed_amount, SUM(q.attributed_opportunities) AS attributed_opportunities
    FROM an_campaign_quarter_next q
    JOIN cn_campaigns c ON c.campaign_id = q.campaign_id
    GROUP BY q.filter_name, q.stage, q.model, c.channel, q.fiscal_year, q.fiscal_quarter
  ) a
  LEFT JOIN an_channel_quarter_influence_work i
    ON i.filter_name = a.filter_name AND i.stage = a.stage AND i.channel = a.channel
   AND i.fiscal_year = a.fiscal_year AND i.fiscal_quarter = a.fiscal_quarter;
END//
DELIMITER ;
