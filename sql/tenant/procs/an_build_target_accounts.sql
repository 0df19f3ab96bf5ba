-- an_abm_lists_next, an_target_accounts_next and an_target_account_history_next from the lists as
-- this run evaluated them (cfg_abm_lists, an_list_members_work, an_list_entry_matches_work) and the
-- engagement just built: the listed accounts' weeks (an_target_account_weeks_next, which each engine
-- builds: an_build_target_account_weeks in MySQL, the copy back from the cluster), spikes and credit.
-- The tenant's "now" is its last week with points (p_last_week, over every account, whichever engine
-- built the weeks): the sparkline is the 13 weeks ending there, and "engaged this quarter" means
-- points in a week that starts in that week's fiscal quarter.
-- attributed_revenue: the account's revenue credit under the tenant's first model (filter all).
-- The history keeps every earlier run's members and adds this run's.
DROP PROCEDURE IF EXISTS an_build_target_accounts;
DELIMITER //
CREATE PROCEDURE an_build_target_accounts(IN p_run_id BIGINT, IN p_run_date DATE, IN p_last_week DATE)
BEGIN
  DECLARE v_last DATE;
  DECLARE v_fy_start TINYINT;
  DECLARE v_model VARCHAR(16);
  DECLARE v_quarter_start DATE;
  DECLARE v_quarter_label VARCHAR(16);
  SELECT fiscal_year_start_month, first_model INTO v_fy_start, v_model FROM cfg_tenant_settings WHERE id = 1;
  SET v_last = p_last_week;
  IF v_last IS NOT NULL THEN
    SET v_quarter_start = DATE_FORMAT(v_last, '%Y-%m-01') - INTERVAL MOD(MOD(MONTH(v_last) - v_fy_start + 12, 12), 3) MONTH;
    SET v_quarter_label = CONCAT('FY', YEAR(v_last) + CASE WHEN v_fy_start > 1 AND MONTH(v_last) >= v_fy_start THEN 1 ELSE 0 END,
                                 ' Q', MOD(MONTH(v_last) - v_fy_start + 12, 12) DIV 3 + 1);
  END IF;

  DROP TABLE IF EXISTS an_target_accounts_next;
  CREATE TABLE an_target_accounts_next LIKE an_target_accounts;
  INSERT INTO an_target_accounts_next (list_name, account_id, account_name, tier, score, trend, engaged_this_quarter,
                                       open_pipeline, won_revenue, attributed_revenue, latest_spike_week, latest_spike_score)
  SELECT m.list_name, m.account_id, a.name, a.tier,
         COALESCE(now_w.score, 0),
         COALESCE(tr.trend, ''),
         CASE WHEN EXISTS (SELECT 1 FROM an_target_account_weeks_next q
                           WHERE q.account_id = m.account_id AND q.points > 0
                             AND q.week_start >= v_quarter_start AND q.week_start < v_quarter_start + INTERVAL 3 MONTH)
              THEN 1 ELSE 0 END,
         COALESCE(o.open_pipeline, 0), COALESCE(o.won_revenue, 0), COALESCE(aa.attributed_amount, 0),
         sp.week_start, sp.score
  FROM an_list_members_work m
  JOIN cn_accounts a ON a.account_id = m.account_id
  LEFT JOIN an_target_account_weeks_next now_w ON now_w.account_id = m.account_id AND now_w.week_start = v_last
  LEFT JOIN (
    SELECT t.account_id,
           GROUP_CONCAT(CAST(ROUND(COALESCE(w.score, 0), 2) AS DECIMAL(20,2)) ORDER BY t.week_start SEPARATOR ',') AS trend
    FROM (SELECT DISTINCT mm.account_id, v_last - INTERVAL 7 * k.k DAY AS week_start
          FROM an_list_members_work mm
          CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
                      UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10
                      UNION ALL SELECT 11 UNION ALL SELECT 12) k
          WHERE v_last IS NOT NULL) t
    LEFT JOIN an_target_account_weeks_next w ON w.account_id = t.account_id AND w.week_start = t.week_start
    GROUP BY t.account_id
  ) tr ON tr.account_id = m.account_id
  LEFT JOIN (
    SELECT account_id, SUM(CASE WHEN is_closed = 0 THEN amount ELSE 0 END) AS open_pipeline,
           SUM(CASE WHEN is_won = 1 THEN amount ELSE 0 END) AS won_revenue
    FROM cn_opportunities WHERE account_id IS NOT NULL GROUP BY account_id
  ) o ON o.account_id = m.account_id
  LEFT JOIN an_account_attribution aa
    ON aa.account_id = m.account_id AND aa.filter_name = 'all' AND aa.stage = 'revenue' AND aa.model = v_model
  LEFT JOIN (
    SELECT s.account_id, s.week_start, s.score FROM an_account_spikes_next s
    JOIN (SELECT account_id, MAX(week_start) AS week_start FROM an_account_spikes_next GROUP BY account_id) l
      ON l.account_id = s.account_id AND l.week_start = s.week_start
  ) sp ON sp.account_id = m.account_id;

  DROP TABLE IF EXISTS an_abm_lists_next;
  CREATE TABLE an_abm_lists_next LIKE an_abm_lists;
  INSERT INTO an_abm_lists_next (list_name, source, definition, accounts, unmatched_entries, engaged_this_quarter, quarter_label, model)
  SELECT l.list_name, l.source, l.definition,
         (SELECT COUNT(*) FROM an_target_accounts_next t WHERE t.list_name = l.list_name),
         (SELECT COUNT(*) FROM cfg_abm_list_entries e WHERE e.list_name = l.list_name
            AND NOT EXISTS (SELECT 1 FROM an_list_entry_matches_work x WHERE x.list_name = e.list_name AND x.line_no = e.line_no)),
         (SELECT COUNT(*) FROM an_target_accounts_next t WHERE t.list_name = l.list_name AND t.engaged_this_quarter = 1),
         v_quarter_label, v_model
  FROM cfg_abm_lists l;

  DROP TABLE IF EXISTS an_target_account_history_next;
  CREATE TABLE an_target_account_history_next LIKE an_target_account_history;
  INSERT INTO an_target_account_history_next (run_id, run_date, list_name, account_id)
  SELECT run_id, run_date, list_name, account_id FROM an_target_account_history WHERE run_id <> p_run_id;
  INSERT INTO an_target_account_history_next (run_id, run_date, list_name, account_id)
  SELECT p_run_id, p_run_date, list_name, account_id FROM an_target_accounts_next;
END//
DELIMITER ;
