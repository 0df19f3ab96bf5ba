-- an_deals_next and an_deal_campaigns_next: every opportunity with the filters that keep it, and each
-- (stage, opportunity, campaign) of the pairs with its touches, first and last touch date and every
-- model's credit (from an_deal_campaign_work, filled by the pair-grain work of either engine).
DROP PROCEDURE IF EXISTS an_build_deals;
DELIMITER //
CREATE PROCEDURE an_build_deals()
BEGIN
  DROP TABLE IF EXISTS an_deals_next, an_deal_campaigns_next;
  CREATE TABLE an_deals_next LIKE an_deals;
  CREATE TABLE an_deal_campaigns_next LIKE an_deal_campaigns;
  INSERT INTO an_deals_next (opportunity_id, name, account_id, account_name, amount, created_date, close_date, is_won, filters)
  SELECT o.opportunity_id, o.name, o.account_id, a.name, o.amount, o.created_date, o.close_date, o.is_won,
         COALESCE(f.filters, '[]')
  FROM cn_opportunities o
  LEFT JOIN cn_accounts a ON a.account_id = o.account_id
  LEFT JOIN (SELECT opportunity_id, JSON_ARRAYAGG(filter_name) AS filters FROM an_filter_scopes_next
             WHERE filter_name <> 'all' GROUP BY opportunity_id) f ON f.opportunity_id = o.opportunity_id;
  INSERT INTO an_deal_campaigns_next (stage, opportunity_id, campaign_id, touches, first_touch_date, last_touch_date, credits)
  SELECT stage, opportunity_id, campaign_id, touches, FROM_DAYS(first_touch_day), FROM_DAYS(last_touch_day), credits
  FROM an_deal_campaign_work;
END//
DELIMITER ;
