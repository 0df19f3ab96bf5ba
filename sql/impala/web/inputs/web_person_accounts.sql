-- MySQL (tenant database) → staged as Parquet table web_person_accounts: the account each person
-- counts for, as attribution's account path counts it (built just before by CALL
-- at_build_person_accounts(), one definition for every step that needs it).
SELECT person_id, account_id FROM at_person_accounts_next
