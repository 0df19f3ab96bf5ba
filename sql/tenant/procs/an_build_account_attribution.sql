-- an_account_attribution_next: attributed amount and opportunities per filter, stage, model and
-- account (the opportunity's account), from an_account_credit_work; read by bfw report --by account.
-- The work table has the same columns and key, so it is renamed, not copied, and replaced by an
-- empty one (at L it is 665,780 rows; their INSERT … SELECT was about a second of the composition).
DROP PROCEDURE IF EXISTS an_build_account_attribution;
DELIMITER //
CREATE PROCEDURE an_build_account_attribution()
BEGIN
  DROP TABLE IF EXISTS an_account_attribution_next;
  RENAME TABLE an_account_credit_work TO an_account_attribution_next;
  CREATE TABLE an_account_credit_work LIKE an_account_attribution;
END//
DELIMITER ;
