# shellcheck shell=bash
# Sourced by ./run: `./run demo`: the whole nightly cycle for a generated tenant, then a readable report.

cmd_demo() {
  db_up; export_connection
  local started=$SECONDS
  local pod_cs; connection_string pod_cs
  local exports="$BFW_HOME/exports"
  export BFW__ExportsRoot="$exports"
  echo "== 1. migrate every database"
  # One unreachable pod or tenant database fails only its own tenants (each listed, masked, and
  # counted in the exit code): the demo shows that and carries on with its own tenant.
  run_bfw migrate apply --db all || echo "(migrate apply exited $?: see the failures above; the demo carries on with its own tenant)"
  echo; echo "== 2. a pod and a demo tenant (revenue from the custom field ARR__c)"
  run_bfw pod add local --connection "$pod_cs" --max-concurrent 4
  run_bfw tenant add demo --pod local --timezone America/New_York
  run_bfw tenant config demo --set revenue_field=ARR__c
  run_bfw filter add demo "Tier 1" --rule '{"field": "account.tier", "op": "eq", "value": "Tier 1"}'
  # Its data runs to a week from today, so a visit you make on the demo site today still comes
  # before some opportunities' creation and can count as their touch.
  local as_of; as_of=$(date -u -d '+7 days' +%F)
  echo; echo "== 3. a generated Salesforce export (size S, up to $as_of) and its website's visits into $exports/demo"
  run_bfw generate demo --size S --seed 42 --as-of "$as_of" --web --out "$exports/demo"
  echo; echo "== 4. the tenant's attribution offloaded to the local Impala engine (HS2 on 127.0.0.1:$IMPALA_PORT, DuckDB inside; started by db up)"
  run_bfw tenant config demo --set engine=impala
  echo; echo "== 5. web activity: a site key for the snippet, the generated visits into the event lake, web sessions as touches"
  run_bfw web site add demo --origin "http://127.0.0.1:$COLLECT_PORT"
  run_bfw events import demo "$exports/demo/web"
  run_bfw tenant config demo --set web_touches=on
  echo; echo "== 5b. target accounts: a list by rule (the Tier 1 accounts), evaluated now and by every cycle"
  run_bfw abm list add demo "Tier 1 accounts" --rule '{"field": "account.tier", "op": "eq", "value": "Tier 1"}'
  echo; echo "== 6. the nightly cycle: ingest, check, canonicalize, match, web (sessions on Impala), attribute (Impala offload), aggregate, engage, publish"
  run_bfw run demo --inline
  echo; echo "== 7. what produced pipeline and revenue (web channels beside the CRM's)"
  run_bfw report demo --stage pipeline --model w_shaped --by campaign --top 8
  echo
  run_bfw report demo --stage revenue --model w_shaped --by channel
  echo
  run_bfw report demo --stage revenue --model linear --by channel --filter "Tier 1"
  echo; echo "== 8. the website: sessions and identified visitors by channel, and the pages read before opportunities opened"
  db_client -t -e "SELECT channel, SUM(sessions) AS sessions, SUM(identified_visitors) AS identified_visitor_weeks, SUM(page_views) AS page_views
      FROM bf_t_demo.an_web_channel_weeks GROUP BY channel ORDER BY sessions DESC;
    SELECT path, views, people, opportunities FROM bf_t_demo.an_web_top_pages ORDER BY views DESC, path LIMIT 5"
  echo; echo "== 8b. the target accounts: engagement week by week (score with decay), spikes, pipeline and credited revenue"
  run_bfw abm report demo "Tier 1 accounts" --top 8
  echo; echo "== 9. why one won deal was credited as it was: its path under every model, read from the cluster"
  local opportunity
  # The biggest won deal whose account has a handful of touches, so its path fits on a screen.
  opportunity=$(db_client -N -e "SELECT o.opportunity_id FROM bf_t_demo.cn_opportunities o
      JOIN (SELECT pa.account_id, COUNT(*) AS touches FROM bf_t_demo.at_person_accounts pa
            JOIN bf_t_demo.cn_touches t ON t.person_id = pa.person_id GROUP BY pa.account_id) a ON a.account_id = o.account_id
      WHERE o.is_won = 1 AND a.touches BETWEEN 3 AND 8 ORDER BY o.amount DESC, o.opportunity_id LIMIT 1")
  run_bfw explain demo "$opportunity" --stage revenue
  echo; echo "== 10. the dashboard (the web app over bf_web, a login of the demo tenant: a new password on every demo) and the collector with a demo site"
  web_start "$WEB_PORT"
  local password
  password=$(run_bfw web user add demo demo@example.com | tail -1)
  BFW__Collect__DemoTenant=demo collect_start "$COLLECT_PORT"
  # Someone to be on the demo site: a contact whose account has an opportunity opening after today.
  local visitor
  visitor=$(db_client -N -e "SELECT CONCAT(p.email, ' ', o.opportunity_id, ' ', o.created_date) FROM bf_t_demo.cn_opportunities o
      JOIN bf_t_demo.cn_people p ON p.account_id = o.account_id AND p.person_type = 'contact' AND p.email IS NOT NULL
      WHERE o.created_date > UTC_DATE() ORDER BY o.created_date, o.opportunity_id, p.person_id LIMIT 1")
  echo; echo "demo finished in $((SECONDS - started)) s; try ./run bfw report demo --by quarter, ./run bfw runs, ./run bfw tenant check demo"
  echo "dashboard: $WEB_URL   e-mail: demo@example.com   password: ${password##*: }  (you choose your own at the first sign-in)"
  if [ -n "$visitor" ]; then
    read -r email opp created <<<"$visitor"
    echo "your own visit as a touch: open http://127.0.0.1:$COLLECT_PORT/demo/ , accept, follow 'See pricing' (an email"
    echo "  campaign's link), then send the contact form as $email (a contact of the account whose opportunity"
    echo "  $opp opens on $created); wait 10 s for the collector to close its segment, then"
    echo "  ./run bfw run demo --from web --inline && ./run bfw explain demo $opp   # your session, dated today, in its path"
  fi
  echo "MariaDB (127.0.0.1:$DB_PORT), the local Impala engine (127.0.0.1:$IMPALA_PORT), the web app and the collector are still running for that:"
  echo "  ./run bfw run demo --from attribute --inline   # runs again on them"
  echo "  ./run db status                                # database and engine, with pid, port and log"
  echo "  ./run web stop; ./run collect stop             # stop the web app, the collector"
  echo "  ./run db down                                  # stops the web app, the database and the engine"
}
