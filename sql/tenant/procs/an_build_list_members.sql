-- an_list_entry_matches_work and the file lists' rows of an_list_members_work: each entry of
-- cfg_abm_list_entries matched against cn_accounts. An id matches the account with that id, or the
-- 18-character id a 15-character one starts; a domain matches every account whose website's host
-- is the domain or a subdomain of it (up to two labels deeper: shop.eu.acme.com counts for
-- acme.com). Rule lists' members are written by the engage step before this runs.
DROP PROCEDURE IF EXISTS an_build_list_members;
DELIMITER //
CREATE PROCEDURE an_build_list_members()
BEGIN
  DELETE FROM an_list_entry_matches_work;
  TRUNCATE TABLE an_account_hosts_work;
  -- Every account's host, only when a list names domains: at L 600 ms of each engage step otherwise.
  IF EXISTS (SELECT 1 FROM cfg_abm_list_entries WHERE kind = 'domain') THEN
    INSERT INTO an_account_hosts_work (account_id, host)
    SELECT account_id, IF(h LIKE 'www.%', SUBSTRING(h, 5), h)
    FROM (
      SELECT account_id,
             SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(SUBSTRING_INDEX(
               CASE WHEN w LIKE 'http://%' THEN SUBSTRING(w, 8) WHEN w LIKE 'https://%' THEN SUBSTRING(w, 9) ELSE w END,
               '/', 1), ':', 1), '?', 1), '#', 1), ' ', 1) AS h
      FROM (SELECT account_id, LOWER(TRIM(website)) AS w FROM cn_accounts WHERE website IS NOT NULL AND TRIM(website) <> '') a
    ) hosts
    WHERE h <> '';
  END IF;

  INSERT IGNORE INTO an_list_entry_matches_work (list_name, line_no, account_id)
  SELECT e.list_name, e.line_no, a.account_id
  FROM cfg_abm_list_entries e JOIN cn_accounts a ON a.account_id = e.value
  WHERE e.kind = 'id' AND CHAR_LENGTH(e.value) = 18;
  INSERT IGNORE INTO an_list_entry_matches_work (list_name, line_no, account_id)
  SELECT e.list_name, e.line_no, a.account_id
  FROM cfg_abm_list_entries e JOIN cn_accounts a ON a.account_id LIKE CONCAT(e.value, '___')
  WHERE e.kind = 'id' AND CHAR_LENGTH(e.value) = 15;
  -- The host itself, its parent and its grandparent: three equality joins, never a LIKE per pair.
  INSERT IGNORE INTO an_list_entry_matches_work (list_name, line_no, account_id)
  SELECT e.list_name, e.line_no, h.account_id
  FROM cfg_abm_list_entries e JOIN an_account_hosts_work h ON h.host = e.value
  WHERE e.kind = 'domain';
  INSERT IGNORE INTO an_list_entry_matches_work (list_name, line_no, account_id)
  SELECT e.list_name, e.line_no, h.account_id
  FROM (SELECT account_id, SUBSTRING(host, LOCATE('.', host) + 1) AS parent FROM an_account_hosts_work WHERE LOCATE('.', host) > 0) h
  JOIN cfg_abm_list_entries e ON e.value = h.parent AND e.kind = 'domain';
  INSERT IGNORE INTO an_list_entry_matches_work (list_name, line_no, account_id)
  SELECT e.list_name, e.line_no, h.account_id
  FROM (SELECT account_id, SUBSTRING_INDEX(host, '.', -(CHAR_LENGTH(host) - CHAR_LENGTH(REPLACE(host, '.', '')) - 1)) AS grandparent
        FROM an_account_hosts_work WHERE CHAR_LENGTH(host) - CHAR_LENGTH(REPLACE(host, '.', '')) >= 3) h
  JOIN cfg_abm_list_entries e ON e.value = h.grandparent AND e.kind = 'domain';

  INSERT IGNORE INTO an_list_members_work (list_name, account_id)
  SELECT list_name, account_id FROM an_list_entry_matches_work;
END//
DELIMITER ;
