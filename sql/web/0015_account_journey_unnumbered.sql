-- The journey arrives as the tenant builds it (sql/tenant/0027_account_journey_unnumbered.sql): each
-- row with its sort key (date, kind_order, person, label_order, id) instead of a number. The journey
-- page numbers one account's rows as it reads them, a few hundred at most; numbering every account's
-- rows in the tenant database wrote the million rows of L a second time.
-- Rows already published keep their order: label_order takes their number.
ALTER TABLE web_account_journey
  ADD COLUMN id BIGINT NOT NULL DEFAULT 0 AFTER account_id,
  ADD COLUMN kind_order TINYINT NOT NULL DEFAULT 0 AFTER kind,
  ADD COLUMN label_order INT NOT NULL DEFAULT 0 AFTER kind_order;

UPDATE web_account_journey
SET id = seq,
    kind_order = CASE kind WHEN 'lead' THEN 1 WHEN 'contact' THEN 2 WHEN 'touch' THEN 3 WHEN 'web' THEN 4
                           WHEN 'opportunity' THEN 5 WHEN 'won' THEN 6 ELSE 0 END,
    label_order = seq;

ALTER TABLE web_account_journey
  DROP PRIMARY KEY,
  DROP COLUMN seq,
  ADD PRIMARY KEY (tenant_id, version, account_id, id);

-- A view keeps the columns it was created with: this one named seq.
CREATE OR REPLACE VIEW web_account_journey_current AS
  SELECT w.* FROM web_account_journey w JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version;
