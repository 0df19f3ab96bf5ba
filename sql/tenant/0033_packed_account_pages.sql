-- What a target account's page reads, packed per account: its journey and its weeks, one row per
-- listed account in place of a row per journey entry or week. At L the lists hold 6,396 accounts
-- with 1.03M journey rows (148 MB as text) and 636k weeks; publishing them row by row was 8–10 s
-- of the publish's 13.6 s, and the page reads one account at a time anyway. Packed and compressed,
-- the journeys are 17 MB (2.7 s to pack, beside the cluster's engagement work).
--
-- The format (the web tier's PackedLines reads it): MariaDB's COMPRESS() of lines, each ending in a
-- newline, in the page's order; fields separated by a tab; NULL is \N; in text a backslash, tab or
-- newline is written \\, \t or \n. Numbers and dates as MariaDB writes them as text (a DOUBLE in
-- its shortest form that reads back equal).
--   journey line: event_date, kind, person_id, person_email, label, channel, events, amount, in the
--                 journey's order (event_date, kind_order, person_id, label_order, id);
--   weeks line:   week_start, people_engaged, campaign_touches, web_sessions, page_views, new_leads,
--                 new_contacts, opps_opened, pipeline_opened, points, score, trailing_mean,
--                 trailing_sd, is_spike, by week_start.
-- The row tables stay: they are what the engines build and what the tests and `bfw abm report` read.

-- A listed account's journey as its page reads it: its an_account_journey rows as compressed lines, in order.
CREATE TABLE an_account_journey_packed (
  account_id   CHAR(18)  NOT NULL,
  entries      INT       NOT NULL,
  journey      LONGBLOB  NOT NULL,
  PRIMARY KEY (account_id)
) ENGINE=InnoDB;

-- A listed account's weeks as its page reads them: its an_target_account_weeks rows as compressed lines.
CREATE TABLE an_target_account_weeks_packed (
  account_id   CHAR(18)  NOT NULL,
  weeks        INT       NOT NULL,
  series       LONGBLOB  NOT NULL,
  PRIMARY KEY (account_id)
) ENGINE=InnoDB;

-- The rows built before this script, packed the way an_build_account_journey_packed and
-- an_build_target_account_weeks_packed pack them, so a publish before the next engage step
-- publishes what the tenant has.
SET SESSION group_concat_max_len = 4294967295;
SET @bs = CHAR(92 USING utf8mb4), @tab = CHAR(9 USING utf8mb4), @nl = CHAR(10 USING utf8mb4), @null = CONCAT(CHAR(92 USING utf8mb4), 'N');

INSERT INTO an_account_journey_packed (account_id, entries, journey)
SELECT account_id, COUNT(*),
       COMPRESS(GROUP_CONCAT(
         CONCAT_WS(@tab, event_date, kind, COALESCE(person_id, @null),
           COALESCE(REPLACE(REPLACE(REPLACE(person_email, @bs, CONCAT(@bs, @bs)), @tab, CONCAT(@bs, 't')), @nl, CONCAT(@bs, 'n')), @null),
           COALESCE(REPLACE(REPLACE(REPLACE(label, @bs, CONCAT(@bs, @bs)), @tab, CONCAT(@bs, 't')), @nl, CONCAT(@bs, 'n')), @null),
           COALESCE(REPLACE(REPLACE(REPLACE(channel, @bs, CONCAT(@bs, @bs)), @tab, CONCAT(@bs, 't')), @nl, CONCAT(@bs, 'n')), @null),
           events, COALESCE(amount, @null)), @nl
         ORDER BY event_date, kind_order, person_id, label_order, id SEPARATOR ''))
FROM an_account_journey
GROUP BY account_id;

INSERT INTO an_target_account_weeks_packed (account_id, weeks, series)
SELECT account_id, COUNT(*),
       COMPRESS(GROUP_CONCAT(
         CONCAT_WS(@tab, week_start, people_engaged, campaign_touches, web_sessions, page_views, new_leads, new_contacts,
                   opps_opened, pipeline_opened, points, score, trailing_mean, trailing_sd, is_spike), @nl
         ORDER BY week_start SEPARATOR ''))
FROM an_target_account_weeks
GROUP BY account_id;
