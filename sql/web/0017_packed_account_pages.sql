-- A target account's journey and weeks arrive packed, one row per listed account, as the tenant packs
-- them (sql/tenant/0033_packed_account_pages.sql gives the format): at L, 6,396 rows each instead of
-- 1.03M journey rows and 636k weeks, which were 8–10 s of a 13.6 s publish. The page reads one
-- account's row and unpacks it. Versions already published are packed here, so every reader reads
-- one format, and the row tables and their views go.

-- A listed account's journey, packed (sql/tenant/0033_packed_account_pages.sql gives the format).
CREATE TABLE web_account_journey_packed (
  tenant_id    VARCHAR(31)  NOT NULL,
  version      BIGINT       NOT NULL,
  account_id   CHAR(18)     NOT NULL,
  entries      INT          NOT NULL,
  journey      LONGBLOB     NOT NULL,
  PRIMARY KEY (tenant_id, version, account_id)
) ENGINE=InnoDB;

-- A listed account's weeks, packed (sql/tenant/0033_packed_account_pages.sql gives the format).
CREATE TABLE web_target_account_weeks_packed (
  tenant_id    VARCHAR(31)  NOT NULL,
  version      BIGINT       NOT NULL,
  account_id   CHAR(18)     NOT NULL,
  weeks        INT          NOT NULL,
  series       LONGBLOB     NOT NULL,
  PRIMARY KEY (tenant_id, version, account_id)
) ENGINE=InnoDB;

SET SESSION group_concat_max_len = 4294967295;
SET @bs = CHAR(92 USING utf8mb4), @tab = CHAR(9 USING utf8mb4), @nl = CHAR(10 USING utf8mb4), @null = CONCAT(CHAR(92 USING utf8mb4), 'N');

INSERT INTO web_account_journey_packed (tenant_id, version, account_id, entries, journey)
SELECT tenant_id, version, account_id, COUNT(*),
       COMPRESS(GROUP_CONCAT(
         CONCAT_WS(@tab, event_date, kind, COALESCE(person_id, @null),
           COALESCE(REPLACE(REPLACE(REPLACE(person_email, @bs, CONCAT(@bs, @bs)), @tab, CONCAT(@bs, 't')), @nl, CONCAT(@bs, 'n')), @null),
           COALESCE(REPLACE(REPLACE(REPLACE(label, @bs, CONCAT(@bs, @bs)), @tab, CONCAT(@bs, 't')), @nl, CONCAT(@bs, 'n')), @null),
           COALESCE(REPLACE(REPLACE(REPLACE(channel, @bs, CONCAT(@bs, @bs)), @tab, CONCAT(@bs, 't')), @nl, CONCAT(@bs, 'n')), @null),
           events, COALESCE(amount, @null)), @nl
         ORDER BY event_date, kind_order, person_id, label_order, id SEPARATOR ''))
FROM web_account_journey
GROUP BY tenant_id, version, account_id;

INSERT INTO web_target_account_weeks_packed (tenant_id, version, account_id, weeks, series)
SELECT tenant_id, version, account_id, COUNT(*),
       COMPRESS(GROUP_CONCAT(
         CONCAT_WS(@tab, week_start, people_engaged, campaign_touches, web_sessions, page_views, new_leads, new_contacts,
                   opps_opened, pipeline_opened, points, score, trailing_mean, trailing_sd, is_spike), @nl
         ORDER BY week_start SEPARATOR ''))
FROM web_target_account_weeks
GROUP BY tenant_id, version, account_id;

DROP VIEW web_account_journey_current, web_target_account_weeks_current;
DROP TABLE web_account_journey, web_target_account_weeks;
