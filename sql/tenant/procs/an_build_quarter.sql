-- an_quarter_next: per filter, stage, model and fiscal quarter (of the created date for
-- pipeline, of the close date for revenue): opportunities and their amount, what was
-- attributed, and what was not.
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
         q.unattributed_amount, q.unattributed_opportunities
  FROM (
    SELECT so.filter_name, so.stage, so.fiscal_year, so.fiscal_quarter, COUNT(*) AS opportunities, SUM(so.amount) AS total_amount,
           COALESCE(SUM(CASE WHEN u.opportunity_id IS NOT NULL THEN so.amount END), 0) AS unattributed_amount,
           COUNT(u.opportunity_id) AS unattributed_opportunities
    FROM an_stage_opportunities_work so
    LEFT JOIN at_unattributed u ON u.opportunity_id = so.opportunity_id AND u.stage = so.stage
    GROUP BY so.filter_name, so.stage, so.fiscal_year, so.fiscal_quarter
  ) q
  JOIN an_grid_work b ON b.filter_name = q.filter_name AND b.stage = q.stage
  LEFT JOIN (
    SELECT so.filter_name, so.stage, c.model, so.fiscal_year, so.fiscal_quarter,
           SUM(c.credit) AS attributed_amount, SUM(c.share) AS attributed_opportunities
    FROM an_stage_opportunities_work so
    JOIN at_credits c ON c.opportunity_id = so.opportunity_id AND c.stage = so.stage
    GROUP BY so.filter_name, so.stage, c.model, so.fiscal_year, so.fiscal_quarter
  ) cr ON cr.filter_name = q.filter_name AND cr.stage = q.stage AND cr.model = b.model
      AND cr.fiscal_year = q.fiscal_year AND cr.fiscal_quarter = q.fiscal_quarter;
END//
DELIMITER ;
