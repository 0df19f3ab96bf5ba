-- cn_touches: campaign memberships that count as a response (HasResponded, or the tenant's
-- responded_statuses), resolved to their person, one per (campaign, person): the earliest by
-- (touch date, member id). Touch date = FirstRespondedDate, else the member's created date in
-- the tenant's time zone. Members of unknown campaigns or people are left out. One per (campaign,
-- person) holds by construction (rn = 1): no key checks it (sql/tenant/0032_touches_without_campaign_person_key.sql).
-- STRAIGHT_JOIN reads the members in one scan, then each member's person and campaign by key: left
-- to itself MariaDB started from the 1,200 campaigns and reached the members through their campaign
-- index, a random read per member (at L the join alone took 23.3 s against 5.2 s). The rows go in
-- in the table's key order (touch_id, the member id): InnoDB then appends to its clustered index
-- instead of splitting pages all over it (at L the insert took 10.5–10.9 s against 12.7–13.1 s).
DROP PROCEDURE IF EXISTS cn_build_touches;
DELIMITER //
CREATE PROCEDURE cn_build_touches(IN p_allow_empty TINYINT)
BEGIN
  DECLARE v_tz VARCHAR(64);
  DECLARE v_by_status TINYINT;
  SELECT time_zone, uses_responded_statuses INTO v_tz, v_by_status FROM cfg_tenant_settings WHERE id = 1;
  CALL cn_check_time_zone(v_tz);

  DROP TABLE IF EXISTS cn_touches_next;
  CREATE TABLE cn_touches_next LIKE cn_touches;
  CALL cn_defer_indexes('cn_touches_next');
  INSERT INTO cn_touches_next (touch_id, campaign_id, person_id, touch_date)
  SELECT member_id, campaign_id, person_id, touch_date
  FROM (
    SELECT STRAIGHT_JOIN m.Id AS member_id, m.CampaignId AS campaign_id, r.person_id,
           COALESCE(m.FirstRespondedDate, DATE(CONVERT_TZ(m.CreatedDate, '+00:00', v_tz))) AS touch_date,
           ROW_NUMBER() OVER (PARTITION BY m.CampaignId, r.person_id
                              ORDER BY COALESCE(m.FirstRespondedDate, DATE(CONVERT_TZ(m.CreatedDate, '+00:00', v_tz))), m.Id) AS rn
    FROM raw_campaign_member m
    JOIN cn_person_records r ON r.record_id = COALESCE(m.ContactId, m.LeadId)
    JOIN cn_campaigns c ON c.campaign_id = m.CampaignId
    WHERE (v_by_status = 0 AND m.HasResponded = 1)
       OR (v_by_status = 1 AND m.Status IN (SELECT value FROM cfg_tenant_list WHERE list_name = 'responded_statuses'))
  ) ranked
  WHERE rn = 1 AND touch_date IS NOT NULL
  ORDER BY member_id;
  CALL cn_index_like('cn_touches_next', 'cn_touches');

  -- Statistics of the new table before anyone plans against it: InnoDB recalculates them in the
  -- background, and a procedure that ran first on a freshly filled table chose nested full scans.
  ANALYZE TABLE cn_touches_next;
  CALL cn_check_not_emptied('cn_touches', p_allow_empty, EXISTS (SELECT 1 FROM cn_touches_next), EXISTS (SELECT 1 FROM cn_touches));
  DROP TABLE IF EXISTS cn_touches_old;
  CALL run_fence_swap('cn_build_touches', 'cn_touches TO cn_touches_old, cn_touches_next TO cn_touches');
  DROP TABLE cn_touches_old;
END//
DELIMITER ;
