-- MySQL (tenant database) → staged as Parquet table web_people: every lead's and contact's email
-- hash with the person it resolves to (cn_person_records: a converted lead's own email finds its
-- contact too). SHA2(LOWER(TRIM(email)), 256) is what the collector stores for an identify event
-- (EmailHashing.Hash): the only form an email takes on the cluster. UNION ALL: a pair twice is
-- harmless (the cluster takes the lowest person per hash) and a distinct UNION sorts every row.
SELECT r.person_id, SHA2(LOWER(TRIM(c.Email)), 256) AS email_hash
FROM cn_person_records r JOIN raw_contact c ON c.Id = r.record_id
WHERE r.record_type = 'contact' AND TRIM(c.Email) <> ''
UNION ALL
SELECT r.person_id, SHA2(LOWER(TRIM(l.Email)), 256) AS email_hash
FROM cn_person_records r JOIN raw_lead l ON l.Id = r.record_id
WHERE r.record_type = 'lead' AND TRIM(l.Email) <> ''
