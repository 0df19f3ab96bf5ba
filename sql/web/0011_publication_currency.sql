-- The currency of the published amounts (the tenant's configuration, ISO 4217): the pages name it in
-- their column heads and cards, the API beside the version. NULL: published before it was kept.
ALTER TABLE web_publications
  ADD COLUMN currency CHAR(3) NULL;
