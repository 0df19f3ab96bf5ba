-- A packed weeks line's week_start is a day number (as TO_DAYS counts them), no longer a date, in no
-- particular order (sql/tenant/0034_packed_weeks_as_day_numbers.sql says why). 0017_packed_account_pages.sql
-- is applied as it was written: the versions it packed with dates are rewritten here, line by line,
-- so the page reads one format.

SET SESSION group_concat_max_len = 4294967295;
SET @tab = CHAR(9 USING utf8mb4), @nl = CHAR(10 USING utf8mb4);

-- The packs whose lines still start with a date (YYYY-MM-DD then a tab), unpacked once.
CREATE TABLE web_weeks_packed_0018 AS
SELECT tenant_id, version, account_id, weeks, CONVERT(UNCOMPRESS(series) USING utf8mb4) AS packed
FROM web_target_account_weeks_packed
WHERE SUBSTRING(CONVERT(UNCOMPRESS(series) USING utf8mb4), 5, 1) = '-'
  AND SUBSTRING(CONVERT(UNCOMPRESS(series) USING utf8mb4), 11, 1) = @tab;

-- Each of their lines with its first field as TO_DAYS of the date, the rest as it was.
CREATE TABLE web_weeks_repacked_0018 (tenant_id VARCHAR(31) NOT NULL, version BIGINT NOT NULL, account_id CHAR(18) NOT NULL, series LONGBLOB NOT NULL, PRIMARY KEY (tenant_id, version, account_id));
INSERT INTO web_weeks_repacked_0018
WITH RECURSIVE line_no (i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM line_no WHERE i < (SELECT COALESCE(MAX(weeks), 0) FROM web_weeks_packed_0018)
)
SELECT w.tenant_id, w.version, w.account_id,
       COMPRESS(GROUP_CONCAT(CONCAT(TO_DAYS(SUBSTRING_INDEX(w.line, @tab, 1)), SUBSTRING(w.line, LOCATE(@tab, w.line)), @nl)
                             ORDER BY w.i SEPARATOR ''))
FROM (
  SELECT d.tenant_id, d.version, d.account_id, n.i, SUBSTRING_INDEX(SUBSTRING_INDEX(d.packed, @nl, n.i), @nl, -1) AS line
  FROM web_weeks_packed_0018 d JOIN line_no n ON n.i <= d.weeks
) w
GROUP BY w.tenant_id, w.version, w.account_id;

UPDATE web_target_account_weeks_packed p JOIN web_weeks_repacked_0018 r ON r.tenant_id = p.tenant_id AND r.version = p.version AND r.account_id = p.account_id SET p.series = r.series;

DROP TABLE web_weeks_repacked_0018;
DROP TABLE web_weeks_packed_0018;
