-- Called by each cn_build_* procedure between building <table>_next and swapping it in: a
-- canonical table that would come out empty where it has rows stops the build (the previous
-- table stays), unless the session says the tenant really was emptied (`SET @bfw_allow_empty = 1`,
-- which `bfw run --allow-empty` does). An empty export or a mapping that matches nothing should
-- not silently replace a tenant's results with nothing.
DROP PROCEDURE IF EXISTS cn_check_not_emptied;
DELIMITER //
CREATE PROCEDURE cn_check_not_emptied(IN p_table VARCHAR(64))
BEGIN
  DECLARE v_message VARCHAR(255);
  IF COALESCE(@bfw_allow_empty, 0) = 0 THEN
    SET @bfw_check_sql = CONCAT('SELECT NOT EXISTS (SELECT 1 FROM `', p_table, '_next`) AND EXISTS (SELECT 1 FROM `', p_table,
                                '`) INTO @bfw_emptied');
    PREPARE bfw_check FROM @bfw_check_sql;
    EXECUTE bfw_check;
    DEALLOCATE PREPARE bfw_check;
    IF @bfw_emptied THEN
      SET v_message = CONCAT(p_table, ' came out empty where it had rows; kept the previous one (bfw run --allow-empty accepts it)');
      SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_message;
    END IF;
  END IF;
END//
DELIMITER ;
