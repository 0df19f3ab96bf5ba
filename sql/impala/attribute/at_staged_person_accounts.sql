-- The account each person counted for in this run's attribution (orphan leads at or above the
-- tenant's min_match_confidence included), kept for the engage step like at_staged_touches.
CREATE TABLE ${var:tenant_db}.at_staged_person_accounts_r${var:run} STORED AS PARQUET AS
SELECT person_id, account_id FROM at_person_accounts
