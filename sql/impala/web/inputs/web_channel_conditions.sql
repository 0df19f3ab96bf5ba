-- MySQL (tenant database) → staged as Parquet table web_channel_conditions: each rule's conditions
-- (cfg_web_channel_conditions). A referrer host ending in '.<tld>' travels as host_prefix
-- ('google.<tld>' → 'google.'), which any host starting with it and longer matches.
SELECT rule_no, clause_no, field, value,
       CASE WHEN field = 'referrer_host' AND value LIKE '%.<tld>' THEN LEFT(value, CHAR_LENGTH(value) - 5) END AS host_prefix
FROM cfg_web_channel_conditions
