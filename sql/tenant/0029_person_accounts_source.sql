-- at_person_accounts_source: the rule at_person_accounts is built by, as a view: the account each
-- person counts for, its own (contacts, converted leads) or, for an orphan lead, the account the
-- orphan lead finder matched at or above the tenant's min_match_confidence. The procedure
-- at_build_person_accounts fills at_person_accounts_next from it, and the offload stages its rows
-- straight from it (sql/impala/*/inputs), so the cluster need not wait for that table and its index
-- (about 3 s at L) and both still read one definition.
CREATE SQL SECURITY INVOKER VIEW at_person_accounts_source AS
SELECT p.person_id, COALESCE(p.account_id, m.account_id) AS account_id, p.account_id IS NULL AS matched
FROM cn_people p
LEFT JOIN cn_lead_account_matches m
  ON m.lead_id = p.person_id AND p.account_id IS NULL
 AND FIELD(LOWER(m.confidence), 'low', 'medium', 'high')
     >= COALESCE((SELECT FIELD(LOWER(s.min_match_confidence), 'low', 'medium', 'high') FROM cfg_tenant_settings s WHERE s.id = 1), 0)
WHERE p.account_id IS NOT NULL OR m.lead_id IS NOT NULL;
