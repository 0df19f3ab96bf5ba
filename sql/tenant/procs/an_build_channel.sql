-- an_channel_next: an_campaign rolled up by channel. Influence is recounted per channel so an
-- opportunity touched by two campaigns of one channel counts once (an_channel_influence_work);
-- cost is the channel's spend, and ROI is withheld under a filter as it is per campaign (an_build_campaign).
DROP PROCEDURE IF EXISTS an_build_channel;
DELIMITER //
CREATE PROCEDURE an_build_channel()
BEGIN
  DROP TABLE IF EXISTS an_channel_next;
  CREATE TABLE an_channel_next LIKE an_channel;
  INSERT INTO an_channel_next (filter_name, stage, model, channel, attributed_amount, attributed_opportunities,
                               influenced_amount, influenced_opportunities, touches, cost, roi)
  SELECT a.filter_name, a.stage, a.model, a.channel, a.attributed_amount, a.attributed_opportunities,
         COALESCE(i.influenced_amount, 0), COALESCE(i.influenced_opportunities, 0), a.touches, a.cost,
         CASE WHEN a.filter_name = 'all' THEN a.attributed_amount / NULLIF(a.cost, 0) END
  FROM (
    SELECT filter_name, stage, model, channel, SUM(attributed_amount) AS attributed_amount,
           SUM(attributed_opportunities) AS attributed_opportunities, SUM(touches) AS touches, SUM(cost) AS cost
    FROM an_campaign_next
    GROUP BY filter_name, stage, model, channel
  ) a
  LEFT JOIN an_channel_influence_work i ON i.filter_name = a.filter_name AND i.stage = a.stage AND i.channel = a.channel;
END//
DELIMITER ;
