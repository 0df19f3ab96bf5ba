-- → MySQL an_target_account_weeks_packed_next: every week of each listed account as the target account
-- page reads them, one row per account (sql/tenant/0033_packed_account_pages.sql gives the format, with week_start
-- a day number since 0034_packed_weeks_as_day_numbers.sql; the
-- lines in no particular order, the reader orders them by week); bfw compresses the series on its way
-- into MySQL. At L 6,396 rows instead of 636k.
SELECT account_id, CAST(COUNT(*) AS INT) AS weeks,
       group_concat(concat(concat_ws('\t', CAST(week_day AS STRING), CAST(people_engaged AS STRING), CAST(campaign_touches AS STRING),
                                     CAST(web_sessions AS STRING), CAST(page_views AS STRING), CAST(new_leads AS STRING),
                                     CAST(new_contacts AS STRING), CAST(opps_opened AS STRING), CAST(pipeline_opened AS STRING),
                                     CAST(points AS STRING), CAST(score AS STRING), CAST(trailing_mean AS STRING),
                                     CAST(trailing_sd AS STRING), CAST(is_spike AS STRING)), '\n'), '') AS series
FROM eg_target_weeks
GROUP BY account_id
