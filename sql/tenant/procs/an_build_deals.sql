-- an_deals_next, an_deal_paths_next and an_campaign_deals_next: every opportunity with the filters
-- that keep it, and the deal paths packed both ways (sql/tenant/0024_packed_deal_paths.sql), which
-- the pair-grain work of either engine filled into an_deal_path_work and an_campaign_deal_work:
-- renamed, not copied (at L they are 800 MB of text each), and replaced by empty work tables.
DROP PROCEDURE IF EXISTS an_build_deals;
DELIMITER //
CREATE PROCEDURE an_build_deals()
BEGIN
  DROP TABLE IF EXISTS an_deals_next, an_deal_paths_next, an_campaign_deals_next;
  CREATE TABLE an_deals_next LIKE an_deals;
  INSERT INTO an_deals_next (opportunity_id, name, account_id, account_name, amount, created_date, close_date, is_won, filters)
  SELECT o.opportunity_id, o.name, o.account_id, a.name, o.amount, o.created_date, o.close_date, o.is_won,
         COALESCE(f.filters, '[]')
  FROM cn_opportunities o
  LEFT JOIN cn_accounts a ON a.account_id = o.account_id
  LEFT JOIN (SELECT opportunity_id, JSON_ARRAYAGG(filter_name) AS filters FROM an_filter_scopes_next
             WHERE filter_name <> 'all' GROUP BY opportunity_id) f ON f.opportunity_id = o.opportunity_id;
  RENAME TABLE an_deal_path_work TO an_deal_paths_next, an_campaign_deal_work TO an_campaign_deals_next;
  CREATE TABLE an_deal_path_work LIKE an_deal_paths;
  CREATE TABLE an_campaign_deal_work LIKE an_campaign_deals;
END//
DELIMITER ;
