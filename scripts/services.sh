# shellcheck shell=bash
# Sourced by ./run: the private MariaDB, the local Impala engine the web app and the collector, each a detached process with a pid file, a port and a log under $BFW_HOME (`./run db …`, `./run web`, `./run collect`).

# --- services: the private MariaDB and the local Impala engine ---------------------------
# Each runs detached (its own session, stdin closed, output to its log) so it outlives ./run and
# never holds a caller's pipe open; each has a pid file, a port and a log under $BFW_HOME.
DB_PIDFILE="$DB_DIR/mariadbd.pid"
DB_LOG="$DB_DIR/error.log"
IMPALA_PORT="${BFW_IMPALA_PORT:-21050}"
IMPALA_ROOT="$BFW_HOME/impala"
IMPALA_PIDFILE="$IMPALA_ROOT/engine.pid"
IMPALA_LOG="$BFW_HOME/impala-engine.log"

# The pid recorded in a pid file, printed only if that process is alive and its command line
# contains the marker (our data dir / root): after a kill -9 the file stays, and the pid in it
# may since belong to anything.
# Builtins only (read, mapfile): `./run bfw` passes here on every call, and each forked `tr` costs
# tens of milliseconds on a loaded machine.
service_pid() {
  local file=$1 marker=$2 pid="" cmd
  [ -f "$file" ] || return 1
  read -r pid <"$file" 2>/dev/null || [ -n "$pid" ] || return 1
  pid=${pid//[^0-9]/}
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd=$(cmdline "$pid") || return 1
  [[ "$cmd " == *"$marker "* ]] || return 1
  echo "$pid"
}
cmdline() { local parts; mapfile -d '' parts <"/proc/$1/cmdline" 2>/dev/null || return 1; echo "${parts[*]}"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A running service must listen where we were asked to, and a port to start on must be free.
check_port() { # name port variable pid-or-empty cmdline-flag
  local name=$1 port=$2 var=$3 pid=$4 flag=$5
  if [ -n "$pid" ]; then
    if [[ "$(cmdline "$pid") " != *"$flag "* ]]; then
      log "$name (pid $pid) runs on another port than $port; ./run db down first, or set $var to its port"; exit 1
    fi
  elif port_open "$port"; then
    log "port $port is taken by another program, not our $name; stop it or set $var to a free port"; exit 1
  fi
}

# Stops a service by its own pid and waits for it to exit.
stop_service() { # name pid seconds
  local name=$1 pid=$2 seconds=$3
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do kill -0 "$pid" 2>/dev/null || { log "$name stopped (pid $pid)"; return 0; }; sleep 0.1; done
  log "$name (pid $pid) did not stop within $seconds s"; return 1
}

fail_start() { # name log
  log "$1 did not start; the end of $2:"; tail -20 "$2" >&2 2>/dev/null || true; exit 1
}

db_pid() { service_pid "$DB_PIDFILE" "--datadir=$DB_DIR/data"; }
db_client() { mariadb --protocol=socket --socket="$DB_SOCKET" -uroot "$@"; }

# Named time zones for CONVERT_TZ: tenant dates are calendar dates in the tenant's zone.
db_time_zones() {
  if [ "$(db_client -N -e "SELECT COUNT(*) FROM mysql.time_zone_name")" = "0" ]; then
    log "loading time zone tables"
    mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null | db_client mysql
  fi
}

db_start() {
  local pid; pid=$(db_pid) || pid=""
  check_port MariaDB "$DB_PORT" BFW_DB_PORT "$pid" "--port=$DB_PORT"
  # Running already: its time zones were loaded when it started here (a query each call would cost ~0.1 s).
  if [ -n "$pid" ]; then log "MariaDB already running on 127.0.0.1:$DB_PORT (pid $pid)"; return; fi
  mkdir -p "$DB_DIR"
  if [ ! -d "$DB_DIR/data/mysql" ]; then
    log "initialising private MariaDB in $DB_DIR/data"
    mariadb-install-db --no-defaults --datadir="$DB_DIR/data" --user="$(id -un)" \
      --auth-root-authentication-method=normal --skip-test-db >"$DB_DIR/install.log" 2>&1 \
      || { cat "$DB_DIR/install.log" >&2; exit 1; }
  fi
  log "starting MariaDB on 127.0.0.1:$DB_PORT"
  rm -f "$DB_PIDFILE" # a stale one (the server died without removing it) must not pass for the new server's
  # Its own tmpdir: internal temporary tables must not live where other programs clean up /tmp.
  mkdir -p "$DB_DIR/tmp"
  setsid mariadbd --no-defaults --datadir="$DB_DIR/data" --port="$DB_PORT" --bind-address=127.0.0.1 \
    --socket="$DB_SOCKET" --pid-file="$DB_PIDFILE" --log-error="$DB_LOG" --tmpdir="$DB_DIR/tmp" \
    --user="$(id -un)" --local-infile=1 --max-connections=2000 --innodb-buffer-pool-size=4G \
    --innodb-log-file-size=2G --innodb-io-capacity=2000 --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --max-allowed-packet=256M \
    </dev/null >/dev/null 2>&1 &
  local launched=$!
  for _ in $(seq 1 120); do
    db_client -e "SELECT 1" >/dev/null 2>&1 && break
    kill -0 "$launched" 2>/dev/null || fail_start MariaDB "$DB_LOG" # it exited: no use waiting a minute
    sleep 0.5
  done
  pid=$(db_pid) && db_client -e "SELECT 1" >/dev/null 2>&1 || fail_start MariaDB "$DB_LOG"
  db_client -e "CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
                ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
                GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1' WITH GRANT OPTION;"
  db_time_zones
  log "MariaDB ready on 127.0.0.1:$DB_PORT (pid $pid)"
}

# The local Impala engine, a process of its own as a cluster would be: the cycle reaches it over TCP.
impala_pid() { service_pid "$IMPALA_PIDFILE" "impala serve --port $IMPALA_PORT --root $IMPALA_ROOT"; }
impala_any_pid() { service_pid "$IMPALA_PIDFILE" "--root $IMPALA_ROOT"; } # ours, whatever its port

impala_start() {
  local pid; pid=$(impala_any_pid) || pid=""
  check_port "Impala engine" "$IMPALA_PORT" BFW_IMPALA_PORT "$pid" "--port $IMPALA_PORT"
  if [ -n "$pid" ]; then log "local Impala engine already running on 127.0.0.1:$IMPALA_PORT (pid $pid)"; return; fi
  build_if_stale
  mkdir -p "$IMPALA_ROOT"
  log "starting the local Impala engine on 127.0.0.1:$IMPALA_PORT"
  # A stale one (the machine restarted under the engine) would name a dead process before the new
  # engine writes its own, and the wait below would call the start failed.
  rm -f "$IMPALA_PIDFILE"
  # The shell writes its own pid and then becomes the engine (exec), so the pid file names the
  # engine even if setsid had to fork. The engine stops cleanly on SIGTERM.
  setsid bash -c 'echo $$ >"$1"; exec "$2" impala serve --port "$3" --root "$4"' _ \
    "$IMPALA_PIDFILE" "$BFW_BIN" "$IMPALA_PORT" "$IMPALA_ROOT" </dev/null >"$IMPALA_LOG" 2>&1 &
  for _ in $(seq 1 300); do
    if pid=$(impala_pid) && port_open "$IMPALA_PORT"; then log "local Impala engine ready on 127.0.0.1:$IMPALA_PORT (pid $pid)"; return; fi
    # The pid file is written first thing; once the process it names has exited, the engine failed.
    if [ -s "$IMPALA_PIDFILE" ] && ! kill -0 "$(cat "$IMPALA_PIDFILE")" 2>/dev/null; then
      rm -f "$IMPALA_PIDFILE"; fail_start "the local Impala engine" "$IMPALA_LOG"
    fi
    sleep 0.1
  done
  fail_start "the local Impala engine (not listening on $IMPALA_PORT after 30 s)" "$IMPALA_LOG"
}

db_up() {
  ensure_packages
  db_start
  impala_start
}

db_down() {
  local pid rc=0
  web_stop || rc=1 # the web app and the collector read the database: they go first
  collect_stop || rc=1
  if pid=$(impala_any_pid); then stop_service "local Impala engine" "$pid" 30 && rm -f "$IMPALA_PIDFILE" || rc=1
  else log "the local Impala engine is not running"; fi
  if pid=$(db_pid); then stop_service MariaDB "$pid" 120 || rc=1
  else log "MariaDB is not running"; fi
  return $rc
}

db_status() {
  local pid rc=0
  if pid=$(db_pid); then echo "MariaDB running: pid $pid, 127.0.0.1:$DB_PORT, data $DB_DIR/data, log $DB_LOG"
  else echo "MariaDB not running (port $DB_PORT, data $DB_DIR/data, log $DB_LOG)"; rc=1; fi
  if pid=$(impala_pid); then echo "local Impala engine running: pid $pid, 127.0.0.1:$IMPALA_PORT, root $IMPALA_ROOT, log $IMPALA_LOG"
  elif pid=$(impala_any_pid); then echo "local Impala engine running on another port than $IMPALA_PORT: pid $pid, root $IMPALA_ROOT, log $IMPALA_LOG"; rc=1
  else echo "local Impala engine not running (port $IMPALA_PORT, root $IMPALA_ROOT, log $IMPALA_LOG)"; rc=1; fi
  return $rc
}

# Every process started from here talks to the private server and the engine unless told otherwise.

# --- the web app (bfw-web): a process of its own, like the engine --------------------------
WEB_DIR="$ROOT/web/BrightFunnel.Warehouse.Web"
WEB_BIN="$WEB_DIR/bin/$CONFIG/net10.0/bfw-web"
WEB_PIDFILE="$BFW_HOME/web/web.pid"
WEB_LOG="$BFW_HOME/web.log"
WEB_PORT="${BFW_WEB_PORT:-5080}"

# The scripts the app serves itself (ECharts): npm ci from the lock file, no CDN at run time.
web_assets() {
  [ -f "$WEB_DIR/node_modules/echarts/dist/echarts.min.js" ] && [ "$WEB_DIR/node_modules/.package-lock.json" -nt "$WEB_DIR/package-lock.json" ] && return
  log "installing the web scripts (npm ci in $WEB_DIR)"
  (cd "$WEB_DIR" && npm ci --no-audit --no-fund --loglevel=error >"$BFW_HOME/npm-web.log" 2>&1) || { cat "$BFW_HOME/npm-web.log" >&2; exit 1; }
}

# The independent Impala grammar the integration tests hold the offload's statements against
# (DTStack's dt-sql-parser): npm ci from the lock file in tests/impala-grammar.
grammar_assets() {
  local dir="$ROOT/tests/impala-grammar"
  [ -f "$dir/node_modules/dt-sql-parser/package.json" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] && return
  log "installing the Impala grammar for the tests (npm ci in $dir)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >"$BFW_HOME/npm-grammar.log" 2>&1) || { cat "$BFW_HOME/npm-grammar.log" >&2; exit 1; }
}

web_pid() { service_pid "$WEB_PIDFILE" "$WEB_BIN"; }

# Starts a web process (BIN --port PORT) detached, its pid in PIDFILE and its output in LOG, and waits
# up to 30 s until PID_FN finds it and the port answers; the web app and the collector start alike.
spawn_listening() { # name pidfile bin port log pid_fn ready_detail
  local name=$1 pidfile=$2 bin=$3 port=$4 logfile=$5 pid_fn=$6 detail=$7 pid
  mkdir -p "$(dirname "$pidfile")"
  rm -f "$pidfile" # stale (the machine restarted under it): the wait below would take its dead pid for ours
  setsid bash -c 'echo $$ >"$1"; exec "$2" --port "$3"' _ "$pidfile" "$bin" "$port" </dev/null >"$logfile" 2>&1 &
  for _ in $(seq 1 300); do
    if pid=$($pid_fn) && port_open "$port"; then log "$name ready on http://127.0.0.1:$port (pid $pid, ${detail}log $logfile)"; return; fi
    if [ -s "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then rm -f "$pidfile"; fail_start "the $name" "$logfile"; fi
    sleep 0.1
  done
  fail_start "the $name (not listening on $port after 30 s)" "$logfile"
}

# A service started before the last build runs old code: true when its assembly is newer than the process.
older_than_build() { # pid bin
  local started built
  started=$(stat -c %Y "/proc/$1" 2>/dev/null) || return 1
  built=$(stat -c %Y "$2.dll" 2>/dev/null) || return 1
  [ "$built" -gt "$started" ]
}

web_start() { # port
  local port=$1 pid cmd
  build_if_stale
  if pid=$(web_pid) && older_than_build "$pid" "$WEB_BIN"; then
    log "the web app (pid $pid) runs an older build: restarting it"; web_stop
  fi
  if pid=$(web_pid); then
    cmd=$(cmdline "$pid"); WEB_URL="http://127.0.0.1:${cmd##*--port }"
    log "the web app is already running on $WEB_URL (pid $pid): ./run web stop first to restart it"; return
  fi
  WEB_URL="http://127.0.0.1:$port"
  if port_open "$port"; then log "port $port is taken by another program; use ./run web --port N"; exit 1; fi
  web_assets; build_if_stale
  run_bfw migrate apply --db web >/dev/null
  spawn_listening "web app" "$WEB_PIDFILE" "$WEB_BIN" "$port" "$WEB_LOG" web_pid ""
}

web_stop() {
  local pid
  if pid=$(web_pid); then stop_service "web app" "$pid" 30 && rm -f "$WEB_PIDFILE"; else log "the web app is not running"; fi
}

cmd_web() {
  local port=$WEB_PORT
  while [ $# -gt 0 ]; do
    case "$1" in
      stop) web_stop; return ;;
      --port) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -le 65535 ]] || { log "--port needs a port number (0-65535)"; exit 2; }; port=$2; shift 2 ;;
      *) log "unknown argument $1 (usage: ./run web [--port N] | ./run web stop)"; exit 2 ;;
    esac
  done
  db_up; export_connection
  web_start "$port"
  echo "dashboard: $WEB_URL  (a login: ./run bfw web user add <tenant> <email>; stop: ./run web stop)"
}

# --- the collector (bfw-collect): public traffic, a process of its own like the web app ------
COLLECT_DIR="$ROOT/web/BrightFunnel.Warehouse.Collect"
COLLECT_BIN="$COLLECT_DIR/bin/$CONFIG/net10.0/bfw-collect"
COLLECT_PIDFILE="$BFW_HOME/collect/collect.pid"
COLLECT_LOG="$BFW_HOME/collect.log"
COLLECT_PORT="${BFW_COLLECT_PORT:-5070}"

collect_pid() { service_pid "$COLLECT_PIDFILE" "$COLLECT_BIN"; }

collect_start() { # port
  local port=$1 pid cmd
  build_if_stale
  if pid=$(collect_pid) && older_than_build "$pid" "$COLLECT_BIN"; then
    log "the collector (pid $pid) runs an older build: restarting it"; collect_stop
  fi
  if pid=$(collect_pid); then
    cmd=$(cmdline "$pid"); COLLECT_URL="http://127.0.0.1:${cmd##*--port }"
    log "the collector is already running on $COLLECT_URL (pid $pid): ./run collect stop first to restart it"; return
  fi
  COLLECT_URL="http://127.0.0.1:$port"
  if port_open "$port"; then log "port $port is taken by another program; use ./run collect --port N"; exit 1; fi
  build_if_stale
  run_bfw migrate apply --db control >/dev/null # the site keys (web_sites) live in bf_control
  spawn_listening collector "$COLLECT_PIDFILE" "$COLLECT_BIN" "$port" "$COLLECT_LOG" collect_pid "spool $BFW__Events__SpoolRoot, "
}

collect_stop() {
  local pid
  # SIGTERM: the collector answers what is queued and closes its open segments for the shipper.
  if pid=$(collect_pid); then stop_service collector "$pid" 30 && rm -f "$COLLECT_PIDFILE"; else log "the collector is not running"; fi
}

cmd_collect() {
  local port=$COLLECT_PORT
  while [ $# -gt 0 ]; do
    case "$1" in
      stop) collect_stop; return ;;
      --port) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -le 65535 ]] || { log "--port needs a port number (0-65535)"; exit 2; }; port=$2; shift 2 ;;
      *) log "unknown argument $1 (usage: ./run collect [--port N] | ./run collect stop)"; exit 2 ;;
    esac
  done
  db_up; export_connection
  collect_start "$port"
  echo "collector: $COLLECT_URL/bf.js  (site keys: ./run bfw web site add <tenant> --origin URL; counters: curl $COLLECT_URL/status; stop: ./run collect stop)"
  if [ -n "${BFW__Collect__DemoTenant:-}" ]; then echo "demo site: $COLLECT_URL/demo/ (tenant $BFW__Collect__DemoTenant)"; fi
}
