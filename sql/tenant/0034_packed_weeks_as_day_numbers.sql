-- Two changes to the packed account pages of 0033_packed_account_pages.sql, made here because 0033
-- is applied as it was written:
--
-- 1. A weeks line's week_start is a day number (as TO_DAYS counts them, as in the deal paths), no
--    longer a date: the cluster packs the weeks too (Impala's group_concat), and a number is the form
--    both engines write alike. The lines are in no particular order (Impala's group_concat has no
--    ORDER BY); the reader orders them by week. an_target_account_weeks now keeps only the weeks the
--    lists' side reads (from 13 weeks, 91 days, before the tenant's last week with points); every week
--    of a listed account is in an_target_account_weeks_packed. Packs already written with dates are
--    rewritten here, line by line, so every reader reads one format.
-- 2. What publish copies of the spikes: an_target_account_spikes and an_target_account_spike_causes,
--    those of the accounts in any list, the only accounts whose page shows them (on the L dev tenant
--    with the bench's "Tier 1" list: 34,843 of 61,676 spikes and 213,456 of 326,685 causes). Every
--    account's stay in an_account_spikes and an_account_spike_causes. The engage step builds them
--    (an_build_target_account_spikes); they are filled here once from what the tenant holds, since a
--    migration runs before the procedures exist.

-- Both weeks tables exist (0016, 0033); these two statements change nothing but say, for docs/schema.md,
-- what each holds from now on.

-- The listed accounts' weeks the lists' side reads: those from 13 weeks (91 days) before the tenant's
-- last week with points on (the sparkline's 13 weeks, the fiscal quarter of that week, its score); every week of theirs is in an_target_account_weeks_packed.
CREATE TABLE IF NOT EXISTS an_target_account_weeks LIKE an_account_weeks;

-- A listed account's weeks as its page reads them: every week of the account as compressed lines.
CREATE TABLE IF NOT EXISTS an_target_account_weeks_packed LIKE an_account_journey_packed;

SET SESSION group_concat_max_len = 4294967295;
SET @tab = CHAR(9 USING utf8mb4), @nl = CHAR(10 USING utf8mb4);

-- The packs whose lines still start with a date (YYYY-MM-DD then a tab), unpacked once.
CREATE TABLE an_weeks_packed_0034 AS
SELECT account_id, weeks, CONVERT(UNCOMPRESS(series) USING utf8mb4) AS packed
FROM an_target_account_weeks_packed
WHERE SUBSTRING(CONVERT(UNCOMPRESS(series) USING utf8mb4), 5, 1) = '-'
  AND SUBSTRING(CONVERT(UNCOMPRESS(series) USING utf8mb4), 11, 1) = @tab;

-- Each of their lines with its first field as TO_DAYS of the date, the rest as it was.
CREATE TABLE an_weeks_repacked_0034 (account_id CHAR(18) NOT NULL, series LONGBLOB NOT NULL, PRIMARY KEY (account_id));
INSERT INTO an_weeks_repacked_0034
WITH RECURSIVE line_no (i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM line_no WHERE i < (SELECT COALESCE(MAX(weeks), 0) FROM an_weeks_packed_0034)
)
SELECT w.account_id,
       COMPRESS(GROUP_CONCAT(CONCAT(TO_DAYS(SUBSTRING_INDEX(w.line, @tab, 1)), SUBSTRING(w.line, LOCATE(@tab, w.line)), @nl)
                             ORDER BY w.i SEPARATOR ''))
FROM (
  SELECT d.account_id, n.i, SUBSTRING_INDEX(SUBSTRING_INDEX(d.packed, @nl, n.i), @nl, -1) AS line
  FROM an_weeks_packed_0034 d JOIN line_no n ON n.i <= d.weeks
) w
GROUP BY w.account_id;

UPDATE an_target_account_weeks_packed p JOIN an_weeks_repacked_0034 r ON r.account_id = p.account_id SET p.series = r.series;

DROP TABLE an_weeks_repacked_0034;
DROP TABLE an_weeks_packed_0034;

-- What publish copies of the spikes: those of the accounts in any list, the only accounts whose page shows them.
CREATE TABLE IF NOT EXISTS an_target_account_spikes LIKE an_account_spikes;
DELETE FROM an_target_account_spikes;
INSERT INTO an_target_account_spikes
SELECT s.* FROM an_account_spikes s WHERE s.account_id IN (SELECT t.account_id FROM an_target_accounts t);

-- The causes of the spikes publish copies (an_target_account_spikes).
CREATE TABLE IF NOT EXISTS an_target_account_spike_causes LIKE an_account_spike_causes;
DELETE FROM an_target_account_spike_causes;
INSERT INTO an_target_account_spike_causes
SELECT c.* FROM an_account_spike_causes c WHERE c.account_id IN (SELECT t.account_id FROM an_target_accounts t);
