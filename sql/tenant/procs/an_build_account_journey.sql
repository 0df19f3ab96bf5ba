-- an_account_journey_next: the journey of every account in a list: each campaign touch (label: the
-- campaign, channel: its channel), each week of web sessions (channel: the web channel, events:
-- sessions), each person's creation (kind lead | contact), each opportunity opened (kind
-- opportunity, amount) and each won (kind won, on its close date). People are those
-- at_person_accounts gives the account. Each kind is inserted by a statement of its own (a single
-- statement over a UNION ALL materialized every row twice: 24 s at L against 17 s).
-- A row's place in its account's journey is its sort key: the date, kind_order, the person, then
-- label_order, the label and channel as one rank (campaigns by name, channel and id, web channels by
-- name, opportunities by name and id, so that two campaigns or deals of the same name keep one order
-- from run to run), and id. The rows are not numbered here: numbering them wrote the million rows of
-- L a second time (0027_account_journey_unnumbered.sql); the web tier numbers an account's rows as it
-- reads them. an_build_account_journey_packed then packs each account's rows for publish.
DROP PROCEDURE IF EXISTS an_build_account_journey;
DELIMITER //
CREATE PROCEDURE an_build_account_journey()
BEGIN
  DROP TABLE IF EXISTS an_account_journey_next;
  CREATE TABLE an_account_journey_next LIKE an_account_journey;
  INSERT INTO an_account_journey_next (account_id, event_date, kind, kind_order, label_order, person_id, person_email, label, channel, events, amount)
  SELECT pa.account_id, t.touch_date, 'touch', 3, c.label_order, t.person_id, p.email, c.name, c.channel, 1, NULL
  FROM (SELECT DISTINCT account_id FROM an_list_members_work) m
  JOIN at_person_accounts pa ON pa.account_id = m.account_id
  JOIN cn_touches t ON t.person_id = pa.person_id
  JOIN (SELECT campaign_id, name, channel, ROW_NUMBER() OVER (ORDER BY name, channel, campaign_id) AS label_order FROM cn_campaigns) c
    ON c.campaign_id = t.campaign_id
  JOIN cn_people p ON p.person_id = t.person_id;

  INSERT INTO an_account_journey_next (account_id, event_date, kind, kind_order, label_order, person_id, person_email, label, channel, events, amount)
  SELECT w.account_id, w.week_start, 'web', 4, ch.label_order, w.person_id, p.email, w.channel, w.channel, w.sessions, NULL
  FROM (SELECT DISTINCT account_id FROM an_list_members_work) m
  JOIN an_web_account_weeks w ON w.account_id = m.account_id
  JOIN (SELECT channel, ROW_NUMBER() OVER (ORDER BY channel) AS label_order FROM (SELECT DISTINCT channel FROM an_web_account_weeks) d) ch
    ON ch.channel = w.channel
  JOIN cn_people p ON p.person_id = w.person_id;

  INSERT INTO an_account_journey_next (account_id, event_date, kind, kind_order, person_id, person_email, label, channel, events, amount)
  SELECT pa.account_id, p.created_date, p.person_type, CASE p.person_type WHEN 'lead' THEN 1 ELSE 2 END, p.person_id, p.email, NULL, NULL, 1, NULL
  FROM (SELECT DISTINCT account_id FROM an_list_members_work) m
  JOIN at_person_accounts pa ON pa.account_id = m.account_id
  JOIN cn_people p ON p.person_id = pa.person_id
  WHERE p.created_date IS NOT NULL;

  INSERT INTO an_account_journey_next (account_id, event_date, kind, kind_order, label_order, person_id, person_email, label, channel, events, amount)
  SELECT o.account_id, o.created_date, 'opportunity', 5, ROW_NUMBER() OVER (ORDER BY o.name, o.opportunity_id), NULL, NULL, o.name, NULL, 1, o.amount
  FROM (SELECT DISTINCT account_id FROM an_list_members_work) m
  JOIN cn_opportunities o ON o.account_id = m.account_id;

  INSERT INTO an_account_journey_next (account_id, event_date, kind, kind_order, label_order, person_id, person_email, label, channel, events, amount)
  SELECT o.account_id, o.close_date, 'won', 6, ROW_NUMBER() OVER (ORDER BY o.name, o.opportunity_id), NULL, NULL, o.name, NULL, 1, o.amount
  FROM (SELECT DISTINCT account_id FROM an_list_members_work) m
  JOIN cn_opportunities o ON o.account_id = m.account_id
  WHERE o.is_won = 1 AND o.close_date IS NOT NULL;

  -- What publish copies: each account's rows packed (still beside the engine's engagement work).
  CALL an_build_account_journey_packed();
END//
DELIMITER ;
