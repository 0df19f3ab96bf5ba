-- The published analytics' as-of date (an_build_info.as_of_date of the run that built them): the
-- pages say up to which day the 30- and 90-day windows count. NULL: published before it was kept.
ALTER TABLE web_publications
  ADD COLUMN as_of_date DATE NULL;
