-- What this run built, for MySQL's web_build_info: sessions, identified sessions, web touches (one
-- pass over the run's sessions).
SELECT COUNT(*) AS sessions,
       COALESCE(SUM(CASE WHEN person_id IS NOT NULL THEN 1 ELSE 0 END), 0) AS identified,
       COALESCE(SUM(is_touch), 0) AS touches
FROM ${var:tenant_db}.web_sessions_r${var:run}
