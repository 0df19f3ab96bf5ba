-- an_account_attribution_next: attributed amount and opportunities per filter, stage, model and
-- account (the opportunity's account), from an_account_credit_work; read by bfw report --by account.
DROP PROCEDURE IF EXISTS an_build_account_attribution;
DELIMITER //
CREATE PROCEDURE an_build_account_attribution()
BEGIN
  DROP TABLE IF EXISTS an_account_attribution_next;
  CREATE TABLE an_account_attribution_next LIKE an_account_attribution;
  INSERT INTO an_account_attribution_next (filter_name, stage, model, account_id, attributed_amount, attributed_opportunities)
  SELECT filter_name, stage, model, account_id, attributed_amount, attributed_opportunities
  FROM an_account_credit_work;
END//
DELIMITER ;
