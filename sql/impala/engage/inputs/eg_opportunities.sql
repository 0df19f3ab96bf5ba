-- MySQL → eg_opportunities: each opportunity of an account, the day it opened and its amount.
SELECT account_id, TO_DAYS(created_date) AS created_day, amount FROM cn_opportunities WHERE account_id IS NOT NULL
