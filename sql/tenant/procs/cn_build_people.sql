-- cn_people: a contact is a person; a lead converted into a known contact resolves to that contact;
-- any other lead is a person of its own (cn_person_records, built before it by cn_build_person_records,
-- says which). A person's created date is the earliest created date of all its records (a converted
-- lead's own date counts).
DROP PROCEDURE IF EXISTS cn_build_people;
DELIMITER //
CREATE PROCEDURE cn_build_people(IN p_allow_empty TINYINT)
BEGIN
  DECLARE v_tz VARCHAR(64);
  SELECT time_zone INTO v_tz FROM cfg_tenant_settings WHERE id = 1;
  CALL cn_check_time_zone(v_tz);

  DROP TABLE IF EXISTS cn_people_next;
  CREATE TABLE cn_people_next LIKE cn_people;
  CALL cn_defer_indexes('cn_people_next');
  INSERT INTO cn_people_next (person_id, person_type, account_id, email, email_domain, company, created_date)
  SELECT c.Id, 'contact', c.AccountId, c.Email, LOWER(SUBSTRING_INDEX(c.Email, '@', -1)), NULL,
         DATE(CONVERT_TZ(LEAST(COALESCE(c.CreatedDate, first_lead.created), COALESCE(first_lead.created, c.CreatedDate)), '+00:00', v_tz))
  FROM raw_contact c
  LEFT JOIN (
    SELECT l.ConvertedContactId AS contact_id, MIN(l.CreatedDate) AS created
    FROM raw_lead l WHERE l.IsConverted = 1 AND l.ConvertedContactId IS NOT NULL
    GROUP BY l.ConvertedContactId
  ) first_lead ON first_lead.contact_id = c.Id;
  INSERT INTO cn_people_next (person_id, person_type, account_id, email, email_domain, company, created_date)
  SELECT l.Id, 'lead', CASE WHEN l.IsConverted = 1 THEN l.ConvertedAccountId END, l.Email,
         LOWER(SUBSTRING_INDEX(l.Email, '@', -1)), l.Company, DATE(CONVERT_TZ(l.CreatedDate, '+00:00', v_tz))
  FROM raw_lead l
  JOIN cn_person_records r ON r.record_id = l.Id AND r.person_id = l.Id;

  -- Statistics of the new table before anyone plans against it: InnoDB recalculates them in the
  -- background, and a procedure that ran first on a freshly filled table chose nested full scans.
  CALL cn_index_like('cn_people_next', 'cn_people');
  ANALYZE TABLE cn_people_next;
  CALL cn_check_not_emptied('cn_people', p_allow_empty, EXISTS (SELECT 1 FROM cn_people_next), EXISTS (SELECT 1 FROM cn_people));
  DROP TABLE IF EXISTS cn_people_old;
  CALL run_fence_swap('cn_build_people', 'cn_people TO cn_people_old, cn_people_next TO cn_people');
  DROP TABLE cn_people_old;
END//
DELIMITER ;
