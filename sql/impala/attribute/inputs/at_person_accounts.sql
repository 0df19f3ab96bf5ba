-- MySQL (tenant database) → staged as Parquet table at_person_accounts: the account each person
-- counts for, built just before by CALL at_build_person_accounts() (the same procedure as the
-- MySQL engine, so both engines read one definition of it).
SELECT person_id, account_id FROM at_person_accounts_next
