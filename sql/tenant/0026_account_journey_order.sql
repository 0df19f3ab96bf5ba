-- The journey is numbered from narrow rows: an_build_account_journey numbers each work row's id by
-- (date, kind, person, label_order) in a window of a few columns, then joins the wide row back by
-- its id. The window over the whole wide rows (an email, a label and a channel, fixed width in the
-- window's temporary table) spilled past 1 GB to disk: 10-15 s at L, where this takes 6 s.
-- label_order: the row's label and channel as one rank, in their order and then by the campaign's or
-- the deal's id (0: none), so the narrow window orders the rows as by label, then channel, with ties
-- of the same name in one order on every run.
ALTER TABLE an_account_journey_work
  ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST,
  ADD COLUMN label_order INT NOT NULL DEFAULT 0 AFTER kind_order;
