-- an_quarter_next: per filter, stage, model and fiscal quarter (of the created date for
-- pipeline, of the close date for revenue): opportunities and their amount, what was
-- attributed (an_quarter_credit_work), and what was not (an_quarter_unattributed_work).
DROP PROCEDURE IF EXISTS an_build_quarter;
DELIMITER //
CREATE PROCEDURE an_build_quarter()
BEGIN
  DROP TABLE IF EXISTS an_quarter_next;
  CREATE TABLE an_quarter_next LIKE an_quarter;
  INSERT INTO an_quarter_next (filter_name, stage, model, fiscal_year, fiscal_quarter, opportunities, total_amount,
                               attributed_amount, attributed_opportunities, unattributed_amount, unattributed_opportunities)
  SELECT q.filter_name, q.stage, b.model, q.fiscal_year, q.fiscal_quarter, q.opportunities, q.total_amount,
         COALESCE(cr.attributed_amount, 0), COALESCE(cr.attributed_opportunities, 0),
         COALESCE(u.amount, 0), COALESCE(u.opportunities, 0)
  FROM (
    SELECT so.filter_name, so.stage, so.fiscal_year, so.fiscal_quarter, COUNT(*) AS opportunities, SUM(so.amount) AS total_amount
    FROM an_stage_opportunities_work so
    GROUP BY so.filter_name, so.stage, so.fiscal_year, so.fiscal_quarter
  ) q
  JOIN an_grid_work b ON b.filter_name = q.filter_name AND b.stage = q.stage
  LEFT JOIN an_quarter_unattributed_work u
    ON u.filter_name = q.filter_name AND u.stage = q.stage AND u.fiscal_year = q.fiscal_year AND u.fiscal_quarter = q.fiscal_quarter
  LEFT JOIN an_quarter_credit_work cr
    ON cr.filter_name = q.filter_name AND cr.stage = q.stage AND cr.model = b.model
   AND cr.fiscal_year = q.fiscal_year AND cr.fiscal_quarter = q.fiscal_quarter;
END//
DELIMITER ;
