-- Called by each cn_build_* procedure between building <table>_next and swapping it in: a
-- canonical table that would come out empty where it has rows stops the build (the previous
-- table stays), unless the operator said the tenant really was emptied (`bfw run --allow-empty`
-- passes p_allow_empty = 1). An empty export or a mapping that matches nothing should not
-- silently replace a tenant's results with nothing.
DROP PROCEDURE IF EXISTS cn_check_not_emptied;
DELIMITER //
CREATE PROCEDURE cn_check_not_emptied(IN p_table VARCHAR(64), IN p_allow_empty TINYINT, IN p_next_has_rows TINYINT, IN p_has_rows TINYINT)
BEGIN
  DECLARE v_message VARCHAR(255);
  IF COALESCE(p_allow_empty, 0) = 0 AND p_has_rows AND NOT p_next_has_rows THEN
    SET v_message = CONCAT(p_table, ' came out empty where it had rows; kept the previous one (bfw run --allow-empty accepts it)');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_message;
  END IF;
END//
DELIMITER ;
