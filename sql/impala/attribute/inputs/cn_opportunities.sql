-- MySQL (tenant database) → staged as Parquet table cn_opportunities (day numbers for dates).
SELECT opportunity_id, account_id, amount, TO_DAYS(created_date) AS created_day, TO_DAYS(close_date) AS close_day,
       CAST(is_won AS SIGNED) AS is_won
FROM cn_opportunities
