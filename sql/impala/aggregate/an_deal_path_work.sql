-- → MySQL an_deal_path_work: each (stage, deal) of the pairs with its campaigns' entries
-- (prepare/an_deal_entries.sql), in no particular order, and the models their credits are of, in
-- order (written out from at_models as the entries were); bfw compresses the path on its way into
-- MySQL (sql/tenant/0031_compressed_deal_paths.sql). Not sorted: a few
-- hundred thousand rows of kilobytes load as fast unsorted, and the sort held them all in memory.
SELECT stage, opportunity_id, CAST(COUNT(*) AS INT) AS campaigns,
       '{{#each stored}}{{model}};{{/each}}{{#each position}}{{model}};{{/each}}' AS models,
       group_concat(concat(campaign_id, tail), ' ') AS path
FROM an_deal_entries
GROUP BY stage, opportunity_id
