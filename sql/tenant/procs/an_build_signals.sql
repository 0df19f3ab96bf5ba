-- an_signals_work: every engagement signal per account, ISO week (the Monday of the tenant's
-- calendar date) and person, with its points (docs/abm.md): campaign touches by the campaign's
-- channel, the web step's identified sessions and page views (an_web_account_weeks, empty without
-- web activity), people created that week (lead | contact), opportunities opened (no person).
-- A person counts for the account at_person_accounts gives them, orphan leads at or above the
-- tenant's min_match_confidence included.
DROP PROCEDURE IF EXISTS an_build_signals;
DELIMITER //
CREATE PROCEDURE an_build_signals()
BEGIN
  DECLARE v_touch, v_session, v_page, v_lead, v_contact, v_opportunity DOUBLE;
  SELECT COALESCE(MAX(CASE WHEN signal_name = 'campaign_touch' THEN weight END), 0),
         COALESCE(MAX(CASE WHEN signal_name = 'web_session' THEN weight END), 0),
         COALESCE(MAX(CASE WHEN signal_name = 'page_view' THEN weight END), 0),
         COALESCE(MAX(CASE WHEN signal_name = 'new_lead' THEN weight END), 0),
         COALESCE(MAX(CASE WHEN signal_name = 'new_contact' THEN weight END), 0),
         COALESCE(MAX(CASE WHEN signal_name = 'opportunity_opened' THEN weight END), 0)
    INTO v_touch, v_session, v_page, v_lead, v_contact, v_opportunity
  FROM cfg_engagement_weights;

  DELETE FROM an_signals_work;
  INSERT INTO an_signals_work (account_id, week_start, kind, person_id, channel, events, page_views, amount, points)
  SELECT g.account_id, g.week_start, 'touch', g.person_id, g.channel, g.touches, 0, 0,
         g.touches * COALESCE(w.weight, v_touch)
  FROM (
    SELECT pa.account_id, t.touch_date - INTERVAL WEEKDAY(t.touch_date) DAY AS week_start, t.person_id, c.channel,
           COUNT(*) AS touches
    FROM cn_touches t
    JOIN at_person_accounts pa ON pa.person_id = t.person_id
    JOIN cn_campaigns c ON c.campaign_id = t.campaign_id
    GROUP BY pa.account_id, week_start, t.person_id, c.channel
  ) g
  LEFT JOIN cfg_engagement_weights w ON w.signal_name = g.channel;

  INSERT INTO an_signals_work (account_id, week_start, kind, person_id, channel, events, page_views, amount, points)
  SELECT account_id, week_start, 'web', person_id, channel, sessions, page_views, 0,
         sessions * v_session + page_views * v_page
  FROM an_web_account_weeks;

  INSERT INTO an_signals_work (account_id, week_start, kind, person_id, channel, events, page_views, amount, points)
  SELECT pa.account_id, p.created_date - INTERVAL WEEKDAY(p.created_date) DAY, p.person_type, p.person_id, NULL, 1, 0, 0,
         CASE p.person_type WHEN 'lead' THEN v_lead ELSE v_contact END
  FROM cn_people p
  JOIN at_person_accounts pa ON pa.person_id = p.person_id
  WHERE p.created_date IS NOT NULL;

  INSERT INTO an_signals_work (account_id, week_start, kind, person_id, channel, events, page_views, amount, points)
  SELECT account_id, week_start, 'opportunity', NULL, NULL, COUNT(*), 0, SUM(amount), COUNT(*) * v_opportunity
  FROM (SELECT account_id, created_date - INTERVAL WEEKDAY(created_date) DAY AS week_start, amount
        FROM cn_opportunities WHERE account_id IS NOT NULL) o
  GROUP BY account_id, week_start;
  ANALYZE TABLE an_signals_work;
END//
DELIMITER ;
