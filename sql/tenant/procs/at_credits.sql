-- at_credits, the logical relation of docs/attribution.md (opportunity, stage, model, touch,
-- campaign, share, credit), as a view over the pairs, written out from at_models
-- (the model loops of ModelTemplate: sql/tenant/procs are expanded when migrated, so a new model
-- re-applies this).
-- Each (pair, model) with a share: for a model with a share column, that column of at_paths
-- (added here for a model that has none yet: NULL until the next attribute run fills it); for a
-- position model of the attribution in force (at_position_weights), its slot weight × the pair's
-- slot share (migration 0012). A plain join (no UNION, no derived table) so MariaDB merges the view
-- into the query that reads it: an aggregate over at_credits is one pass over at_paths.
{{#each stored}}ALTER TABLE at_paths ADD COLUMN IF NOT EXISTS share_{{model}} DOUBLE NULL;
{{/each}}
CREATE OR REPLACE SQL SECURITY INVOKER VIEW at_credits AS
SELECT p.opportunity_id, p.stage, m.model, p.touch_id, p.campaign_id,
       CASE WHEN w.model IS NOT NULL THEN p.position_slot_share * CASE p.position_slot{{#each slot}} WHEN {{n}} THEN w.{{slot}}_weight{{/each}} END
            ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN p.share_{{model}}{{/each}} END END AS share,
       p.amount * CASE WHEN w.model IS NOT NULL THEN p.position_slot_share * CASE p.position_slot{{#each slot}} WHEN {{n}} THEN w.{{slot}}_weight{{/each}} END
            ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN p.share_{{model}}{{/each}} END END AS credit
FROM at_paths p
JOIN at_models m
LEFT JOIN at_position_weights w ON w.model = m.model
WHERE CASE WHEN w.model IS NOT NULL THEN p.position_slot
           ELSE CASE m.model{{#each stored}} WHEN '{{model}}' THEN p.share_{{model}}{{/each}} END END IS NOT NULL;
