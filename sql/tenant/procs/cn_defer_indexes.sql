-- A shadow table's secondary indexes are dropped before its bulk INSERT and built once after it
-- (cn_index_like): building a sorted index in one pass beats maintaining it row by row. At L,
-- 1.5M touches took 15.4 s into cn_touches_next with its two secondary indexes, 10.3 s with the
-- indexes built after. The definitions are read from the table the shadow is LIKE, so a migration
-- that changes an index needs no change here.
DROP PROCEDURE IF EXISTS cn_defer_indexes;
DELIMITER //
CREATE PROCEDURE cn_defer_indexes(IN p_table VARCHAR(64))
BEGIN
  SET @bfw_index_ddl = NULL;
  SELECT CONCAT('ALTER TABLE `', p_table, '` ', GROUP_CONCAT(DISTINCT CONCAT('DROP INDEX `', index_name, '`') SEPARATOR ', '))
    INTO @bfw_index_ddl
  FROM information_schema.STATISTICS
  WHERE table_schema = DATABASE() AND table_name = p_table AND index_name <> 'PRIMARY';
  IF @bfw_index_ddl IS NOT NULL THEN
    PREPARE bfw_index_statement FROM @bfw_index_ddl;
    EXECUTE bfw_index_statement;
    DEALLOCATE PREPARE bfw_index_statement;
  END IF;
END//
DELIMITER ;
