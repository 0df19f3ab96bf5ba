-- cn_campaigns from raw_campaign: channel from the tenant's channel_field ('Unknown' when
-- empty), cost from its cost_field. A tenant with web_touches on also gets its web campaigns, one
-- per channel of its web channel rules: id 'WEB_' + upper-case channel key, name 'Web: ' + the
-- channel's display name, channel = the display name, so analytics by campaign and by channel show
-- web touches beside the CRM's (a Salesforce campaign with that id wins).
DROP PROCEDURE IF EXISTS cn_build_campaigns;
DELIMITER //
CREATE PROCEDURE cn_build_campaigns(IN p_allow_empty TINYINT)
BEGIN
  DECLARE v_tz VARCHAR(64);
  DECLARE v_channel_field VARCHAR(80);
  DECLARE v_cost_field VARCHAR(80);
  DECLARE v_web_touches TINYINT;
  SELECT time_zone, channel_field, cost_field, web_touches INTO v_tz, v_channel_field, v_cost_field, v_web_touches
  FROM cfg_tenant_settings WHERE id = 1;

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
  -- After the emptiness check: web campaigns alone must not make an emptied export look whole.
  IF v_web_touches = 1 THEN
    INSERT IGNORE INTO cn_campaigns_next (campaign_id, name, channel)
    SELECT CONCAT('WEB_', UPPER(r.channel)), CONCAT('Web: ', MIN(r.channel_name)), MIN(r.channel_name)
    FROM cfg_web_channel_rules r
    GROUP BY r.channel;
  END IF;
  DROP TABLE IF EXISTS cn_campaigns_old;
  CALL run_fence_swap('cn_build_campaigns', 'cn_campaigns TO cn_campaigns_old, cn_campaigns_next TO cn_campaigns');
  DROP TABLE cn_campaigns_old;
END//
DELIMITER ;
