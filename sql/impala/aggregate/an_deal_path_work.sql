-- → MySQL an_deal_path_work: each (stage, deal) of the pairs with its campaigns' entries
-- (prepare/an_deal_entries.sql), in no particular order; sent in the table's key order.
SELECT stage, opportunity_id, CAST(COUNT(*) AS INT) AS campaigns, group_concat(concat(campaign_id, tail), ' ') AS path
FROM an_deal_entries
GROUP BY stage, opportunity_id
ORDER BY stage, opportunity_id
