-- The campaign touches this run's attribution was built from, kept in the tenant's database
-- (bfw_<tenant>.at_staged_touches_r<run>, published with the pairs as the view at_staged_touches):
-- the engage step reduces them on the cluster instead of staging the same rows again
-- (sql/impala/engage, docs/abm.md). Web touches are not here: the engage step counts sessions.
CREATE TABLE ${var:tenant_db}.at_staged_touches_r${var:run} STORED AS PARQUET AS
SELECT person_id, campaign_id, touch_day FROM cn_touches
