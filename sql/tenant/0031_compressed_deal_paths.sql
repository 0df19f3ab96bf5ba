-- The drill-down's deal paths and each campaign's deal list are stored compressed, in MariaDB's
-- COMPRESS() format (the text's byte length in 4 bytes, little-endian, then a zlib stream), which
-- UNCOMPRESS() reads back: the entries' format (sql/tenant/0024_packed_deal_paths.sql) is
-- unchanged inside. At L they are 413 MB of paths and 83 MB of deal ids, which compress 3.6 times,
-- and each MySQL hop they take is paid by the byte: LOAD DATA of the L paths took 5.9–6.2 s as text
-- and 1.9–2.0 s compressed, with the same rows read back through UNCOMPRESS(). The cluster's text
-- is compressed by bfw on its way in (Loading/CompressedText.cs), the procedures' by COMPRESS().
DROP TABLE IF EXISTS an_deal_paths_next, an_deal_paths_old, an_campaign_deals_next, an_campaign_deals_old;
ALTER TABLE an_deal_paths MODIFY path LONGBLOB NOT NULL;
UPDATE an_deal_paths SET path = COMPRESS(path);
ALTER TABLE an_campaign_deals MODIFY opportunity_ids LONGBLOB NOT NULL;
UPDATE an_campaign_deals SET opportunity_ids = COMPRESS(opportunity_ids);
-- The work tables hold nothing between runs (an_build_deal_paths renames them away and makes new ones).
DROP TABLE an_deal_path_work, an_campaign_deal_work;
CREATE TABLE an_deal_path_work LIKE an_deal_paths;
CREATE TABLE an_campaign_deal_work LIKE an_campaign_deals;
