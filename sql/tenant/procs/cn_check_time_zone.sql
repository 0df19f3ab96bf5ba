-- Fails with a clear message when the server cannot convert to the tenant's time zone
-- (CONVERT_TZ returns NULL for a zone missing from mysql.time_zone_name).
DROP PROCEDURE IF EXISTS cn_check_time_zone;
DELIMITER //
CREATE PROCEDURE cn_check_time_zone(IN p_tz VARCHAR(64))
BEGIN
  DECLARE v_message VARCHAR(255);
  IF CONVERT_TZ('2000-01-01 00:00:00', '+00:00', p_tz) IS NULL THEN
    SET v_message = CONCAT('time zone ', p_tz, ' is not known to this server: load the zone tables (mariadb-tzinfo-to-sql)');
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v_message;
  END IF;
END//
DELIMITER ;
