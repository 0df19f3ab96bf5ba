# shellcheck shell=bash
# Sourced by ./run: the build (only when a source changed) and the npm packages the web app and the tests use.

# --- build --------------------------------------------------------------------------------
BFW_BIN="$ROOT/orchestrator/BrightFunnel.Warehouse.Console/bin/$CONFIG/net10.0/bfw"
# Written when a build starts and kept when it succeeds: a source newer than it was not built.
# (The binaries' own times say less: MSBuild leaves an output that did not change untouched.)
BUILD_STAMP="$BFW_HOME/build.stamp"
BUILT=""

build() {
  log "building ($CONFIG)"
  touch "$BUILD_STAMP.new"
  dotnet build "$ROOT/BrightFunnel.Warehouse.sln" -c "$CONFIG" -nologo -v q -clp:ErrorsOnly \
    >"$BFW_HOME/build.log" 2>&1 || { rm -f "$BUILD_STAMP.new"; cat "$BFW_HOME/build.log" >&2; exit 2; }
  mv "$BUILD_STAMP.new" "$BUILD_STAMP"
  BUILT=1
}

# Builds only when the binary is missing or a source (*.cs, *.csproj, *.props, *.thrift, and what
# the build copies or embeds: *.sql, the matcher's data files) is newer than the last successful
# build: an up-to-date `dotnet build` of the solution still costs 6-10 s.
build_if_stale() {
  [ -n "$BUILT" ] && return
  if [ -x "$BFW_BIN" ] && [ -f "$BUILD_STAMP" ] && [ -z "$(find "$ROOT" \
       \( -name bin -o -name obj -o -name .git -o -name .bfw -o -name node_modules \) -prune -o \
       -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.thrift' -o -name '*.sql' -o -path '*/Matching/data/*' -o -path '*/wwwroot/*' \) \
       -newer "$BUILD_STAMP" -print -quit)" ]; then
    return
  fi
  build
}

run_bfw() { "$BFW_BIN" "$@"; }
