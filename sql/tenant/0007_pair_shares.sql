-- Every model's share of a counted pair lives on the pair's own row in at_paths, and at_credits
-- becomes a view that unpivots them. As a table, at_credits held about nine rows per pair (20M
-- at size M, far more at L): writing them dominated the attribute step on both engines, copying
-- them back dominated the Impala offload, and reading them dominated the aggregate step. The
-- view keeps the contract (opportunity, stage, model, touch, campaign, share, credit), so every
-- reader is unchanged. A share column is NULL where its model gives the touch no credit (first
-- touch beyond t1, last touch before tN) or was not enabled when the attribution was built.

ALTER TABLE at_paths
  ADD COLUMN amount             DECIMAL(18,2) NOT NULL DEFAULT 0 AFTER touch_count,  -- the opportunity's amount when attributed
  ADD COLUMN share_first_touch  DOUBLE NULL,
  ADD COLUMN share_last_touch   DOUBLE NULL,
  ADD COLUMN share_linear       DOUBLE NULL,
  ADD COLUMN share_u_shaped     DOUBLE NULL,
  ADD COLUMN share_j_shaped     DOUBLE NULL,
  ADD COLUMN share_inverse_j    DOUBLE NULL,
  ADD COLUMN share_custom_xyx   DOUBLE NULL,
  ADD COLUMN share_w_shaped     DOUBLE NULL,
  ADD COLUMN share_full_path    DOUBLE NULL,
  ADD COLUMN share_time_decay   DOUBLE NULL;

-- The attribution in place survives the upgrade: its credits move onto their pairs.
UPDATE at_paths p JOIN cn_opportunities o ON o.opportunity_id = p.opportunity_id SET p.amount = o.amount;
-- (A multi-table UPDATE changes each row once, however many rows it joins: one per model.)
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'first_touch' SET p.share_first_touch = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'last_touch' SET p.share_last_touch = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'linear' SET p.share_linear = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'u_shaped' SET p.share_u_shaped = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'j_shaped' SET p.share_j_shaped = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'inverse_j' SET p.share_inverse_j = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'custom_xyx' SET p.share_custom_xyx = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'w_shaped' SET p.share_w_shaped = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'full_path' SET p.share_full_path = c.share;
UPDATE at_paths p JOIN at_credits c ON c.opportunity_id = p.opportunity_id AND c.stage = p.stage AND c.touch_id = p.touch_id AND c.model = 'time_decay' SET p.share_time_decay = c.share;
DROP TABLE at_credits;

-- Every model there is, one row each: the view's unpivot joins it.
CREATE TABLE at_models (
  model             VARCHAR(16)  NOT NULL PRIMARY KEY
) ENGINE=InnoDB;
INSERT INTO at_models (model) VALUES ('first_touch'), ('last_touch'), ('linear'), ('u_shaped'), ('j_shaped'),
  ('inverse_j'), ('custom_xyx'), ('w_shaped'), ('full_path'), ('time_decay');

-- A plain join (no UNION, no derived table) so MariaDB merges the view into the query that reads
-- it: an aggregate over at_credits is one pass over at_paths.
CREATE SQL SECURITY INVOKER VIEW at_credits AS
SELECT p.opportunity_id, p.stage, m.model, p.touch_id, p.campaign_id,
       CASE m.model WHEN 'first_touch' THEN p.share_first_touch WHEN 'last_touch' THEN p.share_last_touch
                    WHEN 'linear' THEN p.share_linear WHEN 'u_shaped' THEN p.share_u_shaped
                    WHEN 'j_shaped' THEN p.share_j_shaped WHEN 'inverse_j' THEN p.share_inverse_j
                    WHEN 'custom_xyx' THEN p.share_custom_xyx WHEN 'w_shaped' THEN p.share_w_shaped
                    WHEN 'full_path' THEN p.share_full_path WHEN 'time_decay' THEN p.share_time_decay END AS share,
       p.amount * CASE m.model WHEN 'first_touch' THEN p.share_first_touch WHEN 'last_touch' THEN p.share_last_touch
                    WHEN 'linear' THEN p.share_linear WHEN 'u_shaped' THEN p.share_u_shaped
                    WHEN 'j_shaped' THEN p.share_j_shaped WHEN 'inverse_j' THEN p.share_inverse_j
                    WHEN 'custom_xyx' THEN p.share_custom_xyx WHEN 'w_shaped' THEN p.share_w_shaped
                    WHEN 'full_path' THEN p.share_full_path WHEN 'time_decay' THEN p.share_time_decay END AS credit
FROM at_paths p
JOIN at_models m
  ON CASE m.model WHEN 'first_touch' THEN p.share_first_touch WHEN 'last_touch' THEN p.share_last_touch
                  WHEN 'linear' THEN p.share_linear WHEN 'u_shaped' THEN p.share_u_shaped
                  WHEN 'j_shaped' THEN p.share_j_shaped WHEN 'inverse_j' THEN p.share_inverse_j
                  WHEN 'custom_xyx' THEN p.share_custom_xyx WHEN 'w_shaped' THEN p.share_w_shaped
                  WHEN 'full_path' THEN p.share_full_path WHEN 'time_decay' THEN p.share_time_decay END IS NOT NULL;

-- at_build_credits now writes every model in one pass over the pairs.
DROP PROCEDURE IF EXISTS at_insert_position_based;
DROP PROCEDURE IF EXISTS at_insert_milestone_based;
