-- → MySQL an_campaign_deal_work: each (stage, campaign) of the pairs with the ids of its deals
-- (prepare/an_deal_entries.sql), in no particular order; bfw compresses the list on its way into MySQL
-- (sql/tenant/0031_compressed_deal_paths.sql).
SELECT stage, campaign_id, CAST(COUNT(*) AS INT) AS deals, group_concat(opportunity_id, ' ') AS opportunity_ids
FROM an_deal_entries
GROUP BY stage, campaign_id
