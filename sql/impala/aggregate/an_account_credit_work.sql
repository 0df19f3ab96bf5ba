-- → MySQL an_account_credit_work: per filter, stage, model and the opportunity's account (opportunities without an account have no row), the attributed amount and opportunities.
-- Its grain of the run's an_group_credits (prepare/an_group_credits.sql, where the pairs are read).
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT filter_name, stage, model, account_id, attributed_amount, attributed_opportunities
FROM an_group_credits
WHERE grain = 'account'
ORDER BY filter_name, stage, model, account_id
