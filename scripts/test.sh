# shellcheck shell=bash
# Sourced by ./run: `./run test` and `./run bench`.

# --- commands -----------------------------------------------------------------------------
cmd_test() {
  # --unit: only the classes without [TestCategory("integration")], and no MariaDB, engine or npm.
  # BFW_TEST_UNIT=1 makes every fixture that needs a server refuse, so an unmarked class fails here.
  # A --filter of the caller's is kept and narrowed to those classes.
  local unit="" filter="" args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --unit) unit=1; shift ;;
      --filter) [ $# -ge 2 ] || { log "--filter needs a value"; exit 2; }; filter=$2; shift 2 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  if [ -n "$unit" ]; then
    filter="${filter:+($filter)&}TestCategory!=integration"
    # The stamp's check, not a full build: an up-to-date build of the solution alone costs 6-10 s.
    build_if_stale
  else
    # Always a build (as before): the tests' own inputs are not all in build_if_stale's list.
    db_up; export_connection; web_assets; grammar_assets; [ -n "$BUILT" ] || build
  fi
  [ -z "$filter" ] || args+=(--filter "$filter")
  local out="$BFW_HOME/test-results"
  rm -rf "$out"; mkdir -p "$out"
  set +e
  ${unit:+env BFW_TEST_UNIT=1} "$ROOT/tests/BrightFunnel.Warehouse.Tests/bin/$CONFIG/net10.0/BrightFunnel.Warehouse.Tests" \
    --results-directory "$out" --report-trx --report-trx-filename results.trx "${args[@]}"
  local rc=$?
  set -e
  local trx="$out/results.trx"
  if [ -f "$trx" ]; then
    local passed failed
    passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    echo "${passed:-0} passed, ${failed:-0} failed"
  else
    echo "0 passed, 1 failed"
    rc=1
  fi
  return $rc
}


cmd_bench() {
  db_up; export_connection; [ -n "$BUILT" ] || build
  # ./run bench web: the web app under load from Debian's hey, serving the scripts npm installed.
  if [[ " $* " == *" web "* ]]; then
    web_assets
    command -v hey >/dev/null 2>&1 || apt_install hey
  fi
  # ./run bench scheduler starts the built bfw as scheduler nodes.
  BFW_BIN="$BFW_BIN" "$ROOT/tests/BrightFunnel.Warehouse.Bench/bin/$CONFIG/net10.0/BrightFunnel.Warehouse.Bench" "$@"
}
