-- at_person_accounts_next (swapped in with the rest of the attribution): the account each person
-- counts for, by the rule of the view at_person_accounts_source (migration 0029), which the offload
-- also stages from. Used by the account influence path and by account engagement.
DROP PROCEDURE IF EXISTS at_build_person_accounts;
DELIMITER //
CREATE PROCEDURE at_build_person_accounts()
BEGIN
  DROP TABLE IF EXISTS at_person_accounts_next;
  CREATE TABLE at_person_accounts_next LIKE at_person_accounts;
  -- One pass over the people in their key order, so the rows append to the primary key, and the
  -- account index built once after (at L 814k rows: 5.3 s as two INSERTs with the index maintained,
  -- 3.6 s so).
  CALL cn_defer_indexes('at_person_accounts_next');
  INSERT INTO at_person_accounts_next (person_id, account_id, matched)
  SELECT person_id, account_id, matched FROM at_person_accounts_source;
  CALL cn_index_like('at_person_accounts_next', 'at_person_accounts');
END//
DELIMITER ;
