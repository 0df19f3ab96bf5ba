-- The MySQL engine's pair-grain aggregation: fills the analytics work tables (migrations 0008
-- and 0022) from at_paths / at_unattributed for every scope in an_filter_scopes_next. The only reader
-- of pairs for analytics in MySQL; for engine = impala the cluster fills the same tables instead,
-- and an_build_analytics composes an_* from them alone.
--
-- Speed: the pairs are the heavy data (2.8M rows at size M). They are read twice: once, wide, into
-- an_pair_campaign_work, one row per (opportunity, stage, campaign) holding each share column's
-- share and credit summed, and each position slot's part and credit summed (not unpivoted:
-- at_credits would multiply the rows by the models), which every per-scope table is then computed
-- from; and once for the
-- distinct touches, which no per-opportunity sum can give (one touch counts for several
-- opportunities of an account). Shares stay in their columns until the per-scope sums are made,
-- and only those few rows are unpivoted by model, exactly as at_credits would: a share-column model
-- whose share is NULL on every pair gives no row; a position model of the attribution in force
-- (at_position_weights) is its slot weights times the slot sums, a row for every group.
DROP PROCEDURE IF EXISTS an_build_work;
DELIMITER //
CREATE PROCEDURE an_build_work()
BEGIN
  TRUNCATE TABLE an_credit_work;
  TRUNCATE TABLE an_campaign_influence_work;
  TRUNCATE TABLE an_channel_influence_work;
  TRUNCATE TABLE an_quarter_credit_work;
  TRUNCATE TABLE an_unattributed_work;
  TRUNCATE TABLE an_quarter_unattributed_work;
  TRUNCATE TABLE an_account_credit_work;
  TRUNCATE TABLE an_campaign_quarter_credit_work;
  TRUNCATE TABLE an_campaign_quarter_influence_work;
  TRUNCATE TABLE an_channel_quarter_influence_work;
  TRUNCATE TABLE an_deal_path_work;
  TRUNCATE TABLE an_campaign_deal_work;

  -- The one wide read of the pairs. amount is the pair's own at_paths.amount (the amount the
  -- attribution used), equal on every pair of an (opportunity, stage).
  DROP TEMPORARY TABLE IF EXISTS an_pair_campaign_work;
  CREATE TEMPORARY TABLE an_pair_campaign_work (
    opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, campaign_id CHAR(18) NOT NULL, amount DECIMAL(18,2) NOT NULL,
    touches BIGINT NOT NULL, first_touch_day INT NOT NULL, last_touch_day INT NOT NULL
    {{#each stored}}, s_{{model}} DOUBLE NULL, c_{{model}} DOUBLE NULL{{/each}}
    {{#each slot}}, s_slot_{{slot}} DOUBLE NOT NULL, c_slot_{{slot}} DOUBLE NOT NULL{{/each}},
    PRIMARY KEY (opportunity_id, stage, campaign_id)
  ) ENGINE=InnoDB;
  INSERT INTO an_pair_campaign_work
  SELECT p.opportunity_id, p.stage, p.campaign_id, MAX(p.amount), COUNT(*), MIN(TO_DAYS(p.touch_date)), MAX(TO_DAYS(p.touch_date))
         {{#each stored}}, SUM(p.share_{{model}}), SUM(p.amount * p.share_{{model}}){{/each}}
         {{#each slot}}, SUM(IF(p.position_slot = {{n}}, p.position_slot_share, 0)), SUM(IF(p.position_slot = {{n}}, p.amount * p.position_slot_share, 0)){{/each}}
  FROM at_paths p
  GROUP BY p.opportunity_id, p.stage, p.campaign_id;

  -- The fiscal quarter each (opportunity, stage) reports in: the created date's for pipeline,
  -- the close date's for won opportunities with a close date for revenue (as an_build_quarter
  -- counts them); none otherwise.
  DROP TEMPORARY TABLE IF EXISTS an_stage_quarter_work;
  CREATE TEMPORARY TABLE an_stage_quarter_work (
    opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, fiscal_year INT NOT NULL, fiscal_quarter TINYINT NOT NULL,
    PRIMARY KEY (opportunity_id, stage)
  ) ENGINE=InnoDB;
  INSERT INTO an_stage_quarter_work
  SELECT o.opportunity_id, 'pipeline', o.created_fiscal_year, o.created_fiscal_quarter FROM cn_opportunities o
  WHERE o.created_fiscal_year IS NOT NULL AND o.created_fiscal_quarter IS NOT NULL
  UNION ALL
  SELECT o.opportunity_id, 'revenue', o.fiscal_year, o.fiscal_quarter FROM cn_opportunities o
  WHERE o.is_won = 1 AND o.close_date IS NOT NULL AND o.fiscal_year IS NOT NULL AND o.fiscal_quarter IS NOT NULL;

  -- The sums of each group the credits are reported by (campaign, fiscal quarter, the opportunity's
  -- account, campaign and fiscal quarter), one row per (grain, filter, stage, group), then unpivoted
  -- by model once for all four.
  DROP TEMPORARY TABLE IF EXISTS an_group_sums_work;
  CREATE TEMPORARY TABLE an_group_sums_work (
    grain VARCHAR(16) NOT NULL, filter_name VARCHAR(100) NOT NULL, stage VARCHAR(8) NOT NULL, campaign_id CHAR(18) NULL,
    account_id CHAR(18) NULL, fiscal_year INT NULL, fiscal_quarter TINYINT NULL
    {{#each stored}}, s_{{model}} DOUBLE NULL, c_{{model}} DOUBLE NULL{{/each}}
    {{#each slot}}, s_slot_{{slot}} DOUBLE NOT NULL, c_slot_{{slot}} DOUBLE NOT NULL{{/each}}
  ) ENGINE=InnoDB;
  INSERT INTO an_group_sums_work
  SELECT 'campaign', s.filter_name, w.stage, w.campaign_id, NULL, NULL, NULL{{#each stored}}, SUM(w.s_{{model}}), SUM(w.c_{{model}}){{/each}}{{#each slot}}, SUM(w.s_slot_{{slot}}), SUM(w.c_slot_{{slot}}){{/each}}
  FROM an_filter_scopes_next s JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
  GROUP BY s.filter_name, w.stage, w.campaign_id;
  INSERT INTO an_group_sums_work
  SELECT 'quarter', s.filter_name, w.stage, NULL, NULL, q.fiscal_year, q.fiscal_quarter{{#each stored}}, SUM(w.s_{{model}}), SUM(w.c_{{model}}){{/each}}{{#each slot}}, SUM(w.s_slot_{{slot}}), SUM(w.c_slot_{{slot}}){{/each}}
  FROM an_filter_scopes_next s JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
  JOIN an_stage_quarter_work q ON q.opportunity_id = w.opportunity_id AND q.stage = w.stage
  GROUP BY s.filter_name, w.stage, q.fiscal_year, q.fiscal_quarter;
  INSERT INTO an_group_sums_work
  SELECT 'campaign_quarter', s.filter_name, w.stage, w.campaign_id, NULL, q.fiscal_year, q.fiscal_quarter{{#each stored}}, SUM(w.s_{{model}}), SUM(w.c_{{model}}){{/each}}{{#each slot}}, SUM(w.s_slot_{{slot}}), SUM(w.c_slot_{{slot}}){{/each}}
  FROM an_filter_scopes_next s JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
  JOIN an_stage_quarter_work q ON q.opportunity_id = w.opportunity_id AND q.stage = w.stage
  GROUP BY s.filter_name, w.stage, w.campaign_id, q.fiscal_year, q.fiscal_quarter;
  INSERT INTO an_group_sums_work
  SELECT 'account', s.filter_name, w.stage, NULL, o.account_id, NULL, NULL{{#each stored}}, SUM(w.s_{{model}}), SUM(w.c_{{model}}){{/each}}{{#each slot}}, SUM(w.s_slot_{{slot}}), SUM(w.c_slot_{{slot}}){{/each}}
  FROM an_filter_scopes_next s JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
  JOIN cn_opportunities o ON o.opportunity_id = w.opportunity_id WHERE o.account_id IS NOT NULL
  GROUP BY s.filter_name, w.stage, o.account_id;

  -- The unpivot, exactly as at_credits: a model with a share column whose share is NULL in the
  -- whole group gives no row; a position model of the attribution in force (at_position_weights)
  -- is its slot weights times the slot sums, a row for every group.
  DROP TEMPORARY TABLE IF EXISTS an_group_credit_work;
  CREATE TEMPORARY TABLE an_group_credit_work ENGINE=InnoDB AS
  SELECT x.grain, x.filter_name, x.stage, m.model, x.campaign_id, x.account_id, x.fiscal_year, x.fiscal_quarter,
         CASE WHEN pw.model IS NOT NULL THEN 0{{#each slot}} + x.c_slot_{{slot}} * pw.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN x.c_{{model}}{{/each}} END END AS attributed_amount,
         CASE WHEN pw.model IS NOT NULL THEN 0{{#each slot}} + x.s_slot_{{slot}} * pw.{{slot}}_weight{{/each}}
              ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN x.s_{{model}}{{/each}} END END AS attributed_opportunities
  FROM an_group_sums_work x
  CROSS JOIN at_models m
  LEFT JOIN at_position_weights pw ON pw.model = m.model
  HAVING attributed_opportunities IS NOT NULL;

  INSERT INTO an_credit_work (filter_name, stage, model, campaign_id, attributed_amount, attributed_opportunities)
  SELECT filter_name, stage, model, campaign_id, attributed_amount, attributed_opportunities FROM an_group_credit_work WHERE grain = 'campaign';
  INSERT INTO an_quarter_credit_work (filter_name, stage, model, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities)
  SELECT filter_name, stage, model, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities FROM an_group_credit_work WHERE grain = 'quarter';
  INSERT INTO an_account_credit_work (filter_name, stage, model, account_id, attributed_amount, attributed_opportunities)
  SELECT filter_name, stage, model, account_id, attributed_amount, attributed_opportunities FROM an_group_credit_work WHERE grain = 'account';
  INSERT INTO an_campaign_quarter_credit_work (filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities)
  SELECT filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities
  FROM an_group_credit_work WHERE grain = 'campaign_quarter';

  -- The deal paths, packed (sql/tenant/0024_packed_deal_paths.sql): each (stage, opportunity,
  -- campaign) of the pairs (every opportunity: the 'all' filter) as the tail of an entry, its
  -- touches, first and last touch day and every model's credit: a piece per model (the stored models
  -- by kind, then the position models, written out from at_models, the position weights pivoted
  -- into one row), empty for a model with no share here. Then one row per (stage, deal) with its
  -- campaigns' entries and the models in their order, and one per (stage, campaign) with its deals' ids,
  -- both lists stored compressed (sql/tenant/0031_compressed_deal_paths.sql).
  DROP TEMPORARY TABLE IF EXISTS an_deal_entry_work;
  CREATE TEMPORARY TABLE an_deal_entry_work (
    stage VARCHAR(8) NOT NULL, opportunity_id CHAR(18) NOT NULL, campaign_id CHAR(18) NOT NULL, tail VARCHAR(4000) NOT NULL
  ) ENGINE=InnoDB;
  INSERT INTO an_deal_entry_work (stage, opportunity_id, campaign_id, tail)
  SELECT w.stage, w.opportunity_id, w.campaign_id,
         CONCAT('|', w.touches, '|', w.first_touch_day, '|', w.last_touch_day, '|'
           {{#each stored}}, COALESCE(CAST(ROUND(w.c_{{model}}, 2) AS DECIMAL(20,2)), ''), ';'{{/each}}
           {{#each position}}, COALESCE(CAST(ROUND(w.c_slot_only * pw.{{model}}_only
               + w.c_slot_first_of_two * pw.{{model}}_first_of_two + w.c_slot_last_of_two * pw.{{model}}_last_of_two
               + w.c_slot_first * pw.{{model}}_first + w.c_slot_middle * pw.{{model}}_middle + w.c_slot_last * pw.{{model}}_last, 2)
               AS DECIMAL(20,2)), ''), ';'{{/each}})
  FROM an_pair_campaign_work w
  CROSS JOIN (
    SELECT 1 AS pivot_row
           {{#each position}}, MAX(CASE WHEN model = '{{model}}' THEN only_weight END) AS {{model}}_only,
           MAX(CASE WHEN model = '{{model}}' THEN first_of_two_weight END) AS {{model}}_first_of_two,
           MAX(CASE WHEN model = '{{model}}' THEN last_of_two_weight END) AS {{model}}_last_of_two,
           MAX(CASE WHEN model = '{{model}}' THEN first_weight END) AS {{model}}_first,
           MAX(CASE WHEN model = '{{model}}' THEN middle_weight END) AS {{model}}_middle,
           MAX(CASE WHEN model = '{{model}}' THEN last_weight END) AS {{model}}_last{{/each}}
    FROM at_position_weights
  ) pw;
  SET SESSION group_concat_max_len = 4294967295;
  INSERT INTO an_deal_path_work (stage, opportunity_id, campaigns, models, path)
  SELECT stage, opportunity_id, COUNT(*), '{{#each stored}}{{model}};{{/each}}{{#each position}}{{model}};{{/each}}',
         COMPRESS(GROUP_CONCAT(campaign_id, tail ORDER BY campaign_id SEPARATOR ' '))
  FROM an_deal_entry_work GROUP BY stage, opportunity_id;
  INSERT INTO an_campaign_deal_work (stage, campaign_id, deals, opportunity_ids)
  SELECT stage, campaign_id, COUNT(*), COMPRESS(GROUP_CONCAT(opportunity_id ORDER BY opportunity_id SEPARATOR ' '))
  FROM an_deal_entry_work GROUP BY stage, campaign_id;
  DROP TEMPORARY TABLE an_deal_entry_work;

  INSERT INTO an_campaign_influence_work (filter_name, stage, campaign_id, influenced_amount, influenced_opportunities, touches)
  SELECT s.filter_name, w.stage, w.campaign_id, SUM(w.amount), COUNT(*), 0
  FROM an_filter_scopes_next s JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
  GROUP BY s.filter_name, w.stage, w.campaign_id;

  -- Influence per campaign and per channel in the quarter each (opportunity, stage) reports in: an
  -- opportunity has one such quarter, so these add up over quarters to the totals above.
  INSERT INTO an_campaign_quarter_influence_work (filter_name, stage, campaign_id, fiscal_year, fiscal_quarter, influenced_amount, influenced_opportunities)
  SELECT s.filter_name, w.stage, w.campaign_id, q.fiscal_year, q.fiscal_quarter, SUM(w.amount), COUNT(*)
  FROM an_filter_scopes_next s JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
  JOIN an_stage_quarter_work q ON q.opportunity_id = w.opportunity_id AND q.stage = w.stage
  GROUP BY s.filter_name, w.stage, w.campaign_id, q.fiscal_year, q.fiscal_quarter;

  INSERT INTO an_channel_quarter_influence_work (filter_name, stage, channel, fiscal_year, fiscal_quarter, influenced_amount, influenced_opportunities)
  SELECT d.filter_name, d.stage, d.channel, d.fiscal_year, d.fiscal_quarter, SUM(d.amount), COUNT(*)
  FROM (SELECT DISTINCT s.filter_name, w.stage, c.channel, q.fiscal_year, q.fiscal_quarter, w.opportunity_id, w.amount
        FROM an_filter_scopes_next s
        JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
        JOIN an_stage_quarter_work q ON q.opportunity_id = w.opportunity_id AND q.stage = w.stage
        JOIN cn_campaigns c ON c.campaign_id = w.campaign_id) d
  GROUP BY d.filter_name, d.stage, d.channel, d.fiscal_year, d.fiscal_quarter;

  -- The second read of the pairs: distinct touches per campaign, driven by the scopes (each
  -- scope row reads its opportunity's pairs by the primary key). Scanning the narrower campaign
  -- index against a copy of the scopes keyed by opportunity measured no faster (history.md,
  -- "distinct touches"), so the plain join stays.
  UPDATE an_campaign_influence_work i
  JOIN (
    SELECT s.filter_name, p.stage, p.campaign_id, COUNT(DISTINCT p.touch_id) AS touches
    FROM an_filter_scopes_next s JOIN at_paths p ON p.opportunity_id = s.opportunity_id
    GROUP BY s.filter_name, p.stage, p.campaign_id
  ) t ON t.filter_name = i.filter_name AND t.stage = i.stage AND t.campaign_id = i.campaign_id
  SET i.touches = t.touches;

  INSERT INTO an_channel_influence_work (filter_name, stage, channel, influenced_amount, influenced_opportunities)
  SELECT d.filter_name, d.stage, d.channel, SUM(d.amount), COUNT(*)
  FROM (SELECT DISTINCT s.filter_name, w.stage, c.channel, w.opportunity_id, w.amount
        FROM an_filter_scopes_next s
        JOIN an_pair_campaign_work w ON w.opportunity_id = s.opportunity_id
        JOIN cn_campaigns c ON c.campaign_id = w.campaign_id) d
  GROUP BY d.filter_name, d.stage, d.channel;

  -- Unattributed opportunities at the amount the attribution used (at_unattributed.amount).
  INSERT INTO an_unattributed_work (filter_name, stage, amount, opportunities)
  SELECT s.filter_name, u.stage, SUM(u.amount), COUNT(*)
  FROM an_filter_scopes_next s JOIN at_unattributed u ON u.opportunity_id = s.opportunity_id
  GROUP BY s.filter_name, u.stage;

  INSERT INTO an_quarter_unattributed_work (filter_name, stage, fiscal_year, fiscal_quarter, amount, opportunities)
  SELECT s.filter_name, u.stage, q.fiscal_year, q.fiscal_quarter, SUM(u.amount), COUNT(*)
  FROM an_filter_scopes_next s
  JOIN at_unattributed u ON u.opportunity_id = s.opportunity_id
  JOIN an_stage_quarter_work q ON q.opportunity_id = u.opportunity_id AND q.stage = u.stage
  GROUP BY s.filter_name, u.stage, q.fiscal_year, q.fiscal_quarter;

  DROP TEMPORARY TABLE an_pair_campaign_work, an_stage_quarter_work, an_group_sums_work, an_group_credit_work;
  -- Fresh statistics for the composition's joins (a stale empty-table estimate picks bad plans).
  ANALYZE TABLE an_credit_work, an_campaign_influence_work, an_channel_influence_work, an_quarter_credit_work,
                an_unattributed_work, an_quarter_unattributed_work, an_account_credit_work, an_campaign_quarter_credit_work,
                an_campaign_quarter_influence_work, an_channel_quarter_influence_work;
END//
DELIMITER ;
