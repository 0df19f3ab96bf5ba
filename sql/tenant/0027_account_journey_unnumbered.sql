-- The journey is built straight into an_account_journey_next, without a number per row: numbering
-- each account's rows meant writing the million rows of L a second time (5.7 s of the journeys'
-- 13.4 s, measured by hand). A row's place is now its sort key, kept with it: the date, kind_order
-- (lead 1, contact 2, touch 3, web 4, opportunity 5, won 6), the person, then label_order (the
-- label and channel as one rank, 0026_account_journey_order.sql), and id for rows equal in all of
-- these. The web tier numbers one account's rows when it reads them (sql/web/0015).
-- Rows already built keep their order: label_order takes their number, which follows the label
-- within one date, kind and person.
ALTER TABLE an_account_journey
  ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT FIRST,
  ADD COLUMN kind_order TINYINT NOT NULL DEFAULT 0 AFTER kind,
  ADD COLUMN label_order INT NOT NULL DEFAULT 0 AFTER kind_order,
  ADD KEY an_account_journey_id (id);

UPDATE an_account_journey
SET kind_order = CASE kind WHEN 'lead' THEN 1 WHEN 'contact' THEN 2 WHEN 'touch' THEN 3 WHEN 'web' THEN 4
                           WHEN 'opportunity' THEN 5 WHEN 'won' THEN 6 ELSE 0 END,
    label_order = seq;

ALTER TABLE an_account_journey
  DROP PRIMARY KEY,
  DROP COLUMN seq,
  ADD PRIMARY KEY (account_id, id);

-- The rows were only ever staged here before they were numbered.
DROP TABLE an_account_journey_work;
