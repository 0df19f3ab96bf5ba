-- No web activity published for the tenant (no lake, or engine mysql until now): no web weeks.
CREATE TABLE eg_web_weeks (account_id STRING, person_id STRING, week_day BIGINT, channel STRING, sessions BIGINT, page_views BIGINT)
STORED AS PARQUET
