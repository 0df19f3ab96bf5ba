-- MySQL (tenant database) → staged as Parquet table web_person_accounts: the account each person
-- counts for, as attribution's account path counts it (the view at_person_accounts_source, the one
-- definition every step that needs it reads).
SELECT person_id, account_id FROM at_person_accounts_source
