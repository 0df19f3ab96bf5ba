-- at_person_accounts_next (swapped in with the rest of the attribution): the account each person counts for — its own (contacts, converted leads)
-- or, for an orphan lead, the account the orphan lead finder matched at or above the tenant's
-- min_match_confidence. Used by the account influence path and by account engagement.
DROP PROCEDURE IF EXISTS at_build_person_accounts;
DELIMITER //
CREATE PROCEDURE at_build_person_accounts()
BEGIN
  DECLARE v_min_confidence VARCHAR(8);
  SELECT min_match_confidence INTO v_min_confidence FROM cfg_tenant_settings WHERE id = 1;

  DROP TABLE IF EXISTS at_person_accounts_next;
  CREATE TABLE at_person_accounts_next LIKE at_person_accounts;
  INSERT INTO at_person_accounts_next (person_id, account_id, matched)
  SELECT person_id, account_id, 0 FROM cn_people WHERE account_id IS NOT NULL;
  INSERT INTO at_person_accounts_next (person_id, account_id, matched)
  SELECT m.lead_id, m.account_id, 1
  FROM cn_lead_account_matches m
  JOIN cn_people p ON p.person_id = m.lead_id AND p.account_id IS NULL
  WHERE FIELD(LOWER(m.confidence), 'low', 'medium', 'high') >= FIELD(LOWER(v_min_confidence), 'low', 'medium', 'high');
END//
DELIMITER ;
