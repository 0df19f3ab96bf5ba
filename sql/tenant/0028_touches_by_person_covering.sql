-- A person's touches with their campaigns, from the index alone: the account journeys read the
-- touches of every listed account's people (a million at L) by person and needed the campaign of
-- each from the clustered row; with campaign_id in the index the read took 2.4 s instead of 3.5 s.
-- The index keeps its name and its prefix, so every query that used it still does.
ALTER TABLE cn_touches
  DROP INDEX ix_cn_touches_person,
  ADD INDEX ix_cn_touches_person (person_id, touch_date, campaign_id);
