-- The secondary indexes cn_defer_indexes dropped from a shadow table, built again in one ALTER
-- exactly as the table it is LIKE (p_like) has them: name, uniqueness, columns in order, prefix lengths.
DROP PROCEDURE IF EXISTS cn_index_like;
DELIMITER //
CREATE PROCEDURE cn_index_like(IN p_table VARCHAR(64), IN p_like VARCHAR(64))
BEGIN
  SET @bfw_index_ddl = NULL;
  SELECT CONCAT('ALTER TABLE `', p_table, '` ', GROUP_CONCAT(definition ORDER BY index_name SEPARATOR ', '))
    INTO @bfw_index_ddl
  FROM (
    SELECT index_name,
           CONCAT('ADD ', IF(MAX(non_unique) = 0, 'UNIQUE ', ''), 'KEY `', index_name, '` (',
                  GROUP_CONCAT(CONCAT('`', column_name, '`', IF(sub_part IS NULL, '', CONCAT('(', sub_part, ')'))) ORDER BY seq_in_index SEPARATOR ', '),
                  ')') AS definition
    FROM information_schema.STATISTICS
    WHERE table_schema = DATABASE() AND table_name = p_like AND index_name <> 'PRIMARY'
    GROUP BY index_name
  ) k;
  IF @bfw_index_ddl IS NOT NULL THEN
    PREPARE bfw_index_statement FROM @bfw_index_ddl;
    EXECUTE bfw_index_statement;
    DEALLOCATE PREPARE bfw_index_statement;
  END IF;
END//
DELIMITER ;
