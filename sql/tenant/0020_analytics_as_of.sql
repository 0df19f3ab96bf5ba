-- The day the analytics' recency windows end (touches and people of the last 30 and 90 days): the
-- last day with a touch, never after the run date. Windows counted back from the run date showed 0
-- for every account of a tenant whose data ends earlier than the night it is refined.
-- NULL: built before this column existed.
ALTER TABLE an_build_info
  ADD COLUMN as_of_date DATE NULL;
