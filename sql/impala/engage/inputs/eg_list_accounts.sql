-- MySQL → eg_list_accounts: the accounts in any target account list this run (an_list_members_work,
-- evaluated before staging), whose weeks are copied back.
SELECT DISTINCT account_id FROM an_list_members_work
