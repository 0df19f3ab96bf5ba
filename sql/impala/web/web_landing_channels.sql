-- The channel of every distinct landing signature (far fewer than sessions): the first rule
-- (web_channel_rules, by rule_no) that it meets. A rule is met when any of its clauses is, a clause
-- when each field it names is (one of the field's values); a rule without conditions is met by
-- every signature (the last rule is one, so every signature gets a channel). Conditions:
--   utm_medium, utm_source   the lower-cased, trimmed UTM value equals the value
--   referrer_host            the referrer host equals the value, or starts with host_prefix ('google.'
--                            for 'google.<tld>') and is longer
--   any_utm_source           the landing page carries a utm_source
--   external_referrer        the referrer's host is not the page's host
CREATE TABLE web_landing_channels STORED AS PARQUET AS
SELECT m.source_key, m.medium_key, m.referrer_key, m.external_referrer, r.channel, r.channel_name
FROM (
  SELECT met.source_key, met.medium_key, met.referrer_key, met.external_referrer, MIN(met.rule_no) AS rule_no
  FROM (
    SELECT f.source_key, f.medium_key, f.referrer_key, f.external_referrer, f.rule_no
    FROM (
      SELECT g.source_key, g.medium_key, g.referrer_key, g.external_referrer, c.rule_no, c.clause_no, c.field,
             MAX(CASE WHEN (c.field = 'utm_medium' AND g.medium_key = c.value)
                        OR (c.field = 'utm_source' AND g.source_key = c.value)
                        OR (c.field = 'referrer_host' AND g.referrer_key <> ''
                            AND (g.referrer_key = c.value
                                 OR (c.host_prefix IS NOT NULL AND length(g.referrer_key) > length(c.host_prefix)
                                     AND substr(g.referrer_key, 1, length(c.host_prefix)) = c.host_prefix)))
                        OR (c.field = 'any_utm_source' AND g.source_key <> '')
                        OR (c.field = 'external_referrer' AND g.external_referrer = 1)
                      THEN 1 ELSE 0 END) AS field_met
      FROM (SELECT DISTINCT source_key, medium_key, referrer_key, external_referrer FROM web_session_rows) g
      CROSS JOIN web_channel_conditions c
      GROUP BY g.source_key, g.medium_key, g.referrer_key, g.external_referrer, c.rule_no, c.clause_no, c.field
    ) f
    GROUP BY f.source_key, f.medium_key, f.referrer_key, f.external_referrer, f.rule_no, f.clause_no
    HAVING MIN(f.field_met) = 1
    UNION ALL
    SELECT g.source_key, g.medium_key, g.referrer_key, g.external_referrer, r.rule_no
    FROM (SELECT DISTINCT source_key, medium_key, referrer_key, external_referrer FROM web_session_rows) g
    CROSS JOIN web_channel_rules r
    LEFT JOIN (SELECT DISTINCT rule_no FROM web_channel_conditions) c ON c.rule_no = r.rule_no
    WHERE c.rule_no IS NULL
  ) met
  GROUP BY met.source_key, met.medium_key, met.referrer_key, met.external_referrer
) m
JOIN web_channel_rules r ON r.rule_no = m.rule_no
