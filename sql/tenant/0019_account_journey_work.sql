-- The journey's events before they are numbered: an_build_account_journey inserts each kind of event
-- here with its own statement, then numbers them all in one pass into an_account_journey_next. One
-- statement over a UNION ALL of the five kinds materialized a million wide rows twice at L (a
-- derived table, then the window's), on disk past 1 GB: 24 s, where this takes 17 s.
-- kind_order: lead 1, contact 2, touch 3, web 4, opportunity 5, won 6 (the order of a day's events).
CREATE TABLE an_account_journey_work (
  account_id   CHAR(18)       NOT NULL,
  event_date   DATE           NOT NULL,
  kind         VARCHAR(12)    NOT NULL,
  kind_order   TINYINT        NOT NULL,
  person_id    CHAR(18)       NULL,
  person_email VARCHAR(255)   NULL,
  label        VARCHAR(255)   NULL,
  channel      VARCHAR(80)    NULL,
  events       BIGINT         NOT NULL,
  amount       DECIMAL(20,2)  NULL
) ENGINE=InnoDB;
