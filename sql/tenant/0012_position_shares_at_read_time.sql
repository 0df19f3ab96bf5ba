-- Position models as rows, not columns. A position model's share of a pair depends only on the
-- pair's slot in its path and the model's three weights, so at_paths no longer stores one share
-- column per position model: it stores the pair's slot once, and every reader multiplies the slot
-- by the weights of at_position_weights. A new position model is then one row of at_models (0011)
-- and nothing else in either engine. The other kinds (first/last touch, linear, milestone, time
-- decay) depend on more than the slot and keep their share columns.
--
-- position_slot        where the pair sits in its path of N touches:
--                      1 the only touch (N = 1)          2 first of two      3 last of two
--                      4 first (N ≥ 3)                   5 middle (N ≥ 3)    6 last (N ≥ 3)
-- position_slot_share  the pair's part of its slot: 1, or 1/(N-2) for a middle touch
-- A position model's share of the pair = the model's weight for the slot × position_slot_share.
ALTER TABLE at_paths
  DROP COLUMN share_u_shaped,
  DROP COLUMN share_j_shaped,
  DROP COLUMN share_inverse_j,
  DROP COLUMN share_custom_xyx,
  ADD COLUMN position_slot       TINYINT NOT NULL DEFAULT 0 AFTER milestones,
  ADD COLUMN position_slot_share DOUBLE  NOT NULL DEFAULT 0 AFTER position_slot;

-- The weight of each slot for every position model in this tenant (custom_xyx at the tenant's
-- X-Y-X through at_model_weights). The one place the position rule of docs/attribution.md is
-- written: N = 1 → 1; N = 2 → F/(F+L) and L/(F+L); N ≥ 3 → F, M shared by the middle touches, L.
-- Both engines read it (the Impala offload stages it: sql/impala/attribute/inputs).
CREATE SQL SECURITY INVOKER VIEW at_position_slot_weights AS
SELECT model,
       1e0 AS only_weight,
       first_weight / (first_weight + last_weight) AS first_of_two_weight,
       last_weight / (first_weight + last_weight) AS last_of_two_weight,
       first_weight, middle_weight, last_weight
FROM at_model_weights
WHERE kind = 'position';

-- The position models the attribution in force was built with, and their slot weights then:
-- rebuilt with at_paths (at_build_credits) and swapped in with it, so changing a weight or the
-- tenant's models changes nothing until the next attribute run.
CREATE TABLE at_position_weights (
  model                VARCHAR(16) NOT NULL PRIMARY KEY,
  only_weight          DOUBLE      NOT NULL,
  first_of_two_weight  DOUBLE      NOT NULL,
  last_of_two_weight   DOUBLE      NOT NULL,
  first_weight         DOUBLE      NOT NULL,
  middle_weight        DOUBLE      NOT NULL,
  last_weight          DOUBLE      NOT NULL
) ENGINE=InnoDB;

-- The attribution in place survives the upgrade: its pairs get their slots, and the position
-- models it holds shares of keep them at today's weights (the ones it was built with unless the
-- tenant's X-Y-X changed since its last run).
UPDATE at_paths
SET position_slot = CASE WHEN touch_count = 1 THEN 1 WHEN touch_count = 2 THEN IF(position = 1, 2, 3)
                         WHEN position = 1 THEN 4 WHEN position = touch_count THEN 6 ELSE 5 END,
    position_slot_share = IF(touch_count > 2 AND position > 1 AND position < touch_count, 1e0 / (touch_count - 2), 1e0);
INSERT INTO at_position_weights
SELECT w.model, w.only_weight, w.first_of_two_weight, w.last_of_two_weight, w.first_weight, w.middle_weight, w.last_weight
FROM at_position_slot_weights w
WHERE EXISTS (SELECT 1 FROM at_paths) AND w.model IN (SELECT value FROM cfg_tenant_list WHERE list_name = 'models');

ALTER TABLE at_paths ALTER COLUMN position_slot DROP DEFAULT, ALTER COLUMN position_slot_share DROP DEFAULT;

-- Each (pair, model) with a share: the stored share column of its model, or for a position
-- model of the attribution in force, its slot weight × the pair's slot share. Still a plain join
-- (no UNION, no derived table) so MariaDB merges it into the query that reads it.
CREATE OR REPLACE SQL SECURITY INVOKER VIEW at_credits AS
SELECT p.opportunity_id, p.stage, m.model, p.touch_id, p.campaign_id,
       CASE WHEN w.model IS NOT NULL
            THEN p.position_slot_share * CASE p.position_slot WHEN 1 THEN w.only_weight WHEN 2 THEN w.first_of_two_weight
                   WHEN 3 THEN w.last_of_two_weight WHEN 4 THEN w.first_weight WHEN 5 THEN w.middle_weight WHEN 6 THEN w.last_weight END
            ELSE CASE m.model WHEN 'first_touch' THEN p.share_first_touch WHEN 'last_touch' THEN p.share_last_touch
                   WHEN 'linear' THEN p.share_linear WHEN 'w_shaped' THEN p.share_w_shaped
                   WHEN 'full_path' THEN p.share_full_path WHEN 'time_decay' THEN p.share_time_decay END END AS share,
       p.amount * CASE WHEN w.model IS NOT NULL
            THEN p.position_slot_share * CASE p.position_slot WHEN 1 THEN w.only_weight WHEN 2 THEN w.first_of_two_weight
                   WHEN 3 THEN w.last_of_two_weight WHEN 4 THEN w.first_weight WHEN 5 THEN w.middle_weight WHEN 6 THEN w.last_weight END
            ELSE CASE m.model WHEN 'first_touch' THEN p.share_first_touch WHEN 'last_touch' THEN p.share_last_touch
                   WHEN 'linear' THEN p.share_linear WHEN 'w_shaped' THEN p.share_w_shaped
                   WHEN 'full_path' THEN p.share_full_path WHEN 'time_decay' THEN p.share_time_decay END END AS credit
FROM at_paths p
JOIN at_models m
LEFT JOIN at_position_weights w ON w.model = m.model
WHERE CASE WHEN w.model IS NOT NULL THEN p.position_slot
           ELSE CASE m.model WHEN 'first_touch' THEN p.share_first_touch WHEN 'last_touch' THEN p.share_last_touch
                  WHEN 'linear' THEN p.share_linear WHEN 'w_shaped' THEN p.share_w_shaped
                  WHEN 'full_path' THEN p.share_full_path WHEN 'time_decay' THEN p.share_time_decay END END IS NOT NULL;
