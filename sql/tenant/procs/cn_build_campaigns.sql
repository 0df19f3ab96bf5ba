-- cn_campaigns from raw_campaign: channel from the tenant's channel_field ('Unknown' when
-- empty), cost from its cost_field.
DROP PROCEDURE IF EXISTS cn_build_campaigns;
DELIMITER //
CREATE PROCEDURE cn_build_campaigns(IN p_allow_empty TINYINT)
BEGIN
  DECLARE v_tz VARCHAR(64);
  DECLARE v_channel_field VARCHAR(80);
  DECLARE v_cost_field VARCHAR(80);
  SELECT time_zone, channel_field, cost_field INTO v_tz, v_channel_field, v_cost_field FROM cfg_tenant_settings WHERE id = 1;

  DROP TABLE IF EXISTS cn_campaigns_next;
  CREATE TABLE cn_campaigns_next LIKE cn_campaigns;
  INSERT INTO cn_campaigns_next (campaign_id, name, channel, status, cost, start_date, custom)
  SELECT c.Id, c.Name,
         COALESCE(NULLIF(TRIM(CASE v_channel_field
                                WHEN 'Type' THEN c.Type
                                WHEN 'Status' THEN c.Status
                                ELSE JSON_UNQUOTE(JSON_EXTRACT(c.extra, CONCAT('$."', v_channel_field, '"'))) END), ''), 'Unknown'),
         c.Status,
         CASE v_cost_field
           WHEN 'ActualCost' THEN c.ActualCost
           WHEN 'BudgetedCost' THEN c.BudgetedCost
           ELSE CAST(JSON_UNQUOTE(JSON_EXTRACT(c.extra, CONCAT('$."', v_cost_field, '"'))) AS DECIMAL(18,2)) END,
         c.StartDate, c.extra
  FROM raw_campaign c;

  -- Statistics of the new table before anyone plans against it: InnoDB recalculates them in the
  -- background, and a procedure that ran first on a freshly filled table chose nested full scans.
  ANALYZE TABLE cn_campaigns_next;
  CALL cn_check_not_emptied('cn_campaigns', p_allow_empty, EXISTS (SELECT 1 FROM cn_campaigns_next), EXISTS (SELECT 1 FROM cn_campaigns));
  DROP TABLE IF EXISTS cn_campaigns_old;
  CALL run_fence_swap('cn_build_campaigns', 'cn_campaigns TO cn_campaigns_old, cn_campaigns_next TO cn_campaigns');
  DROP TABLE cn_campaigns_old;
END//
DELIMITER ;
