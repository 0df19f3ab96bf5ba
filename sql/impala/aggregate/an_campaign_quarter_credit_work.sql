-- → MySQL an_campaign_quarter_credit_work: per filter, stage, model, campaign and the fiscal quarter
-- the stage reports in, the attributed amount and opportunities. Its grain of the run's
-- an_group_credits (prepare/an_group_credits.sql, where the pairs are read).
-- Sent in the table's key order, so MySQL's LOAD DATA appends.
SELECT filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities
FROM an_group_credits
WHERE grain = 'campaign_quarter'
ORDER BY filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter
