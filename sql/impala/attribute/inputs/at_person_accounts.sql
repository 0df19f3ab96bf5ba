-- MySQL (tenant database) → staged as Parquet table at_person_accounts: the account each person
-- counts for, read from the view at_person_accounts_source, the rule CALL at_build_person_accounts()
-- builds MySQL's table by (one definition for both engines). That table is built beside the
-- cluster's work and swapped in with the attribution.
SELECT person_id, account_id FROM at_person_accounts_source
