-- an_account_journey_packed_next: each account's rows of an_account_journey_next as the target account
-- page reads them, one compressed row per account (sql/tenant/0033_packed_account_pages.sql gives the
-- format): publish copies 6k rows at L instead of a million. The separators are built with CHAR() so
-- the text does not depend on the server's backslash escaping.
DROP PROCEDURE IF EXISTS an_build_account_journey_packed;
DELIMITER //
CREATE PROCEDURE an_build_account_journey_packed()
BEGIN
  DECLARE bs, tab, nl VARCHAR(1) CHARACTER SET utf8mb4;
  DECLARE null_text VARCHAR(2) CHARACTER SET utf8mb4;
  SET bs = CHAR(92 USING utf8mb4), tab = CHAR(9 USING utf8mb4), nl = CHAR(10 USING utf8mb4), null_text = CONCAT(bs, 'N');
  SET SESSION group_concat_max_len = 4294967295;
  DROP TABLE IF EXISTS an_account_journey_packed_next;
  CREATE TABLE an_account_journey_packed_next LIKE an_account_journey_packed;
  INSERT INTO an_account_journey_packed_next (account_id, entries, journey)
  SELECT account_id, COUNT(*),
         COMPRESS(GROUP_CONCAT(
           CONCAT_WS(tab, event_date, kind, COALESCE(person_id, null_text),
             COALESCE(REPLACE(REPLACE(REPLACE(person_email, bs, CONCAT(bs, bs)), tab, CONCAT(bs, 't')), nl, CONCAT(bs, 'n')), null_text),
             COALESCE(REPLACE(REPLACE(REPLACE(label, bs, CONCAT(bs, bs)), tab, CONCAT(bs, 't')), nl, CONCAT(bs, 'n')), null_text),
             COALESCE(REPLACE(REPLACE(REPLACE(channel, bs, CONCAT(bs, bs)), tab, CONCAT(bs, 't')), nl, CONCAT(bs, 'n')), null_text),
             events, COALESCE(amount, null_text)), nl
           ORDER BY event_date, kind_order, person_id, label_order, id SEPARATOR ''))
  FROM an_account_journey_next
  GROUP BY account_id;
END//
DELIMITER ;
