-- Every filter scope the aggregate reports on ('all' and each dynamic filter), written by the
-- aggregate step before an_build_analytics composes. The grid of (filter, stage, model) comes
-- from here, not from an_filter_scopes_next: a filter whose rule matches no opportunity has no
-- scope rows, and must still get its zero row for every campaign, channel and the unattributed
-- row. One run's input like the other work tables: emptied once composed.
CREATE TABLE an_filter_names_work (
  filter_name       VARCHAR(100)  NOT NULL PRIMARY KEY
) ENGINE=InnoDB;
