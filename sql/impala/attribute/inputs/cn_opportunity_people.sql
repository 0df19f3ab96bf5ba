-- MySQL (tenant database) → staged as Parquet table cn_opportunity_people (contact roles).
SELECT opportunity_id, person_id, CAST(is_primary AS SIGNED) AS is_primary FROM cn_opportunity_people
