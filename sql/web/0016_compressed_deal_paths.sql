-- The deal paths and each campaign's deal list arrive compressed, as the tenant stores them
-- (sql/tenant/0031_compressed_deal_paths.sql: MariaDB's COMPRESS() format, read with UNCOMPRESS()).
-- At L the publish loaded 434 MB of them as text; compressed they are 3.6 times fewer bytes.
-- Versions already published are compressed in place, so every reader reads one format.
ALTER TABLE web_deal_paths MODIFY path LONGBLOB NOT NULL;
UPDATE web_deal_paths SET path = COMPRESS(path);
ALTER TABLE web_campaign_deals MODIFY opportunity_ids LONGBLOB NOT NULL;
UPDATE web_campaign_deals SET opportunity_ids = COMPRESS(opportunity_ids);
