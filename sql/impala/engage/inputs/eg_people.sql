-- MySQL → eg_people: each lead's and contact's creation day (people without one create no signal).
SELECT person_id, person_type, TO_DAYS(created_date) AS created_day FROM cn_people WHERE created_date IS NOT NULL
