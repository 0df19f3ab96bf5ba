-- cn_accounts from raw_account: one row per account, tier from the tenant's account_tier_field,
-- created date in the tenant's time zone. Built into a shadow table and swapped in.
DROP PROCEDURE IF EXISTS cn_build_accounts;
DELIMITER //
CREATE PROCEDURE cn_build_accounts(IN p_allow_empty TINYINT)
BEGIN
  DECLARE v_tz VARCHAR(64);
  DECLARE v_tier_field VARCHAR(80);
  SELECT time_zone, account_tier_field INTO v_tz, v_tier_field FROM cfg_tenant_settings WHERE id = 1;
  CALL cn_check_time_zone(v_tz);

  DROP TABLE IF EXISTS cn_accounts_next;
  CREATE TABLE cn_accounts_next LIKE cn_accounts;
  INSERT INTO cn_accounts_next (account_id, name, website, tier, industry, country, created_date, custom)
  SELECT a.Id, a.Name, a.Website,
         COALESCE(JSON_UNQUOTE(JSON_EXTRACT(a.extra, CONCAT('$."', v_tier_field, '"'))),
                  CASE v_tier_field WHEN 'Type' THEN a.Type WHEN 'Industry' THEN a.Industry END),
         a.Industry, a.BillingCountry,
         DATE(CONVERT_TZ(a.CreatedDate, '+00:00', v_tz)),
         a.extra
  FROM raw_account a;

  -- Statistics of the new table before anyone plans against it: InnoDB recalculates them in the
  -- background, and a procedure that ran first on a freshly filled table chose nested full scans.
  ANALYZE TABLE cn_accounts_next;
  CALL cn_check_not_emptied('cn_accounts', p_allow_empty, EXISTS (SELECT 1 FROM cn_accounts_next), EXISTS (SELECT 1 FROM cn_accounts));
  DROP TABLE IF EXISTS cn_accounts_old;
  CALL run_fence_swap('cn_build_accounts', 'cn_accounts TO cn_accounts_old, cn_accounts_next TO cn_accounts');
  DROP TABLE cn_accounts_old;
END//
DELIMITER ;
