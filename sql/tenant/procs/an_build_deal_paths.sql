-- an_deal_paths_next and an_campaign_deals_next: the deal paths packed both ways
-- (sql/tenant/0024_packed_deal_paths.sql), which the pair-grain work of either engine filled into
-- an_deal_path_work and an_campaign_deal_work: renamed, not copied (at L they are 800 MB of text
-- each), and replaced by empty work tables.
DROP PROCEDURE IF EXISTS an_build_deal_paths;
DELIMITER //
CREATE PROCEDURE an_build_deal_paths()
BEGIN
  DROP TABLE IF EXISTS an_deal_paths_next, an_campaign_deals_next;
  RENAME TABLE an_deal_path_work TO an_deal_paths_next, an_campaign_deal_work TO an_campaign_deals_next;
  CREATE TABLE an_deal_path_work LIKE an_deal_paths;
  CREATE TABLE an_campaign_deal_work LIKE an_campaign_deals;
END//
DELIMITER ;
