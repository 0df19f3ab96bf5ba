-- MySQL (tenant database) → staged as Parquet table cn_people: what the lead-creation milestone
-- needs, and the person's type, which the engage step reads from the published at_staged_people.
SELECT person_id, person_type, TO_DAYS(created_date) AS created_day FROM cn_people
