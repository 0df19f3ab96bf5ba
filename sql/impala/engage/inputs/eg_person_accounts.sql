-- MySQL → eg_person_accounts: the account each person counts for (orphan leads at or above the
-- tenant's min_match_confidence included), as the attribute step published it.
SELECT person_id, account_id FROM at_person_accounts
