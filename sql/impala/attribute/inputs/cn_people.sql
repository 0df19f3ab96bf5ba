-- MySQL (tenant database) → staged as Parquet table cn_people: what the lead-creation milestone needs.
SELECT person_id, TO_DAYS(created_date) AS created_day FROM cn_people
