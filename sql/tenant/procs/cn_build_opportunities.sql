-- cn_opportunities from raw_opportunity: amount from the tenant's revenue_field (0 when empty),
-- closed/won from the stage mapping when one is configured, else IsClosed/IsWon; dates in the
-- tenant's time zone; fiscal year (named by the calendar year it ends in) and quarter of the
-- created date and of the close date. Opportunities without a created date cannot be
-- attributed and are left out.
DROP PROCEDURE IF EXISTS cn_build_opportunities;
DELIMITER //
CREATE PROCEDURE cn_build_opportunities(IN p_allow_empty TINYINT)
BEGIN
  DECLARE v_tz VARCHAR(64);
  DECLARE v_revenue_field VARCHAR(80);
  DECLARE v_fy_start TINYINT;
  DECLARE v_stage_mapping TINYINT;
  SELECT time_zone, revenue_field, fiscal_year_start_month, uses_stage_mapping
    INTO v_tz, v_revenue_field, v_fy_start, v_stage_mapping FROM cfg_tenant_settings WHERE id = 1;
  CALL cn_check_time_zone(v_tz);

  DROP TABLE IF EXISTS cn_opportunities_next;
  CREATE TABLE cn_opportunities_next LIKE cn_opportunities;
  INSERT INTO cn_opportunities_next (opportunity_id, account_id, name, stage, amount, created_date, close_date,
                                     is_closed, is_won, created_fiscal_year, created_fiscal_quarter,
                                     fiscal_year, fiscal_quarter, custom)
  SELECT o.opportunity_id, o.account_id, o.name, o.stage, o.amount, o.created_date, o.close_date, o.is_closed, o.is_won,
         YEAR(o.created_date) + CASE WHEN v_fy_start > 1 AND MONTH(o.created_date) >= v_fy_start THEN 1 ELSE 0 END,
         (MOD(MONTH(o.created_date) - v_fy_start + 12, 12) DIV 3) + 1,
         YEAR(o.close_date) + CASE WHEN v_fy_start > 1 AND MONTH(o.close_date) >= v_fy_start THEN 1 ELSE 0 END,
         (MOD(MONTH(o.close_date) - v_fy_start + 12, 12) DIV 3) + 1,
         o.custom
  FROM (
    SELECT o.Id AS opportunity_id, o.AccountId AS account_id, o.Name AS name, o.StageName AS stage,
           COALESCE(CASE v_revenue_field
                      WHEN 'Amount' THEN o.Amount
                      ELSE CAST(JSON_UNQUOTE(JSON_EXTRACT(o.extra, CONCAT('$."', v_revenue_field, '"'))) AS DECIMAL(18,2)) END, 0)
             AS amount,
           DATE(CONVERT_TZ(o.CreatedDate, '+00:00', v_tz)) AS created_date,
           o.CloseDate AS close_date,
           CASE WHEN v_stage_mapping = 1
                THEN o.StageName IN (SELECT value FROM cfg_tenant_list WHERE list_name IN ('closed_won_stages', 'closed_lost_stages'))
                ELSE COALESCE(o.IsClosed, 0) END AS is_closed,
           CASE WHEN v_stage_mapping = 1
                THEN o.StageName IN (SELECT value FROM cfg_tenant_list WHERE list_name = 'closed_won_stages')
                ELSE COALESCE(o.IsWon, 0) END AS is_won,
           o.extra AS custom
    FROM raw_opportunity o
    WHERE o.CreatedDate IS NOT NULL
  ) o;

  -- Statistics of the new table before anyone plans against it: InnoDB recalculates them in the
  -- background, and a procedure that ran first on a freshly filled table chose nested full scans.
  ANALYZE TABLE cn_opportunities_next;
  CALL cn_check_not_emptied('cn_opportunities', p_allow_empty, EXISTS (SELECT 1 FROM cn_opportunities_next), EXISTS (SELECT 1 FROM cn_opportunities));
  DROP TABLE IF EXISTS cn_opportunities_old;
  CALL run_fence_swap('cn_build_opportunities', 'cn_opportunities TO cn_opportunities_old, cn_opportunities_next TO cn_opportunities');
  DROP TABLE cn_opportunities_old;
END//
DELIMITER ;
