-- The leads and contacts this run's attribution was built from (type and creation day), kept for
-- the engage step like at_staged_touches.
CREATE TABLE ${var:tenant_db}.at_staged_people_r${var:run} STORED AS PARQUET AS
SELECT person_id, person_type, created_day FROM cn_people
