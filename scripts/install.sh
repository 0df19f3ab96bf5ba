# shellcheck shell=bash
# Sourced by ./run: the packages a fresh machine needs, `./run install` (publish bfw) and `./run public-suffixes`.

# --- prerequisites ------------------------------------------------------------------------
apt_install() {
  log "installing $*"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_packages() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
  command -v thrift >/dev/null 2>&1 || missing+=(thrift-compiler)
  # The HS2 interop test drives npm's hive-driver with node.
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  # The web tier's browser tests drive Debian's headless chromium through its chromedriver.
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  # The Kerberos tests start a real MIT KDC on loopback (krb5kdc, kdb5_util, kadmin.local, kinit, klist).
  command -v krb5kdc >/dev/null 2>&1 || missing+=(krb5-kdc)
  command -v kadmin.local >/dev/null 2>&1 || missing+=(krb5-admin-server)
  command -v kinit >/dev/null 2>&1 || missing+=(krb5-user)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  command -v dotnet >/dev/null 2>&1 || { log "the .NET SDK is required (dotnet on PATH)"; exit 2; }
}


# The matcher's public suffix list is Debian's, embedded in the orchestrator (production hosts need
# not have the package): this copies the package's current list over it; the next build embeds it.
cmd_public_suffixes() {
  local source=/usr/share/publicsuffix/public_suffix_list.dat
  local target="$ROOT/orchestrator/BrightFunnel.Warehouse.Orchestrator/Matching/data/public_suffix_list.dat"
  [ $# -eq 0 ] || { log "unexpected argument $1 (usage: ./run public-suffixes)"; exit 2; }
  [ -f "$source" ] || apt_install publicsuffix
  if cmp -s "$source" "$target"; then log "$target is already Debian's list ($source)"; return; fi
  cp "$source" "$target"
  log "copied $source ($(dpkg-query -W -f='${Version}' publicsuffix 2>/dev/null || echo 'version unknown')) to $target; the next build embeds it"
}

# Publishes bfw into DIR/lib/bfw and the web app bfw-web into DIR/lib/bfw-web (with the scripts it
# serves: wwwroot/ and ECharts from node_modules/), each with a bfw.json beside it (the private
# database's connection strings: mode 600, it holds a password), and launchers DIR/bin/bfw and
# DIR/bin/bfw-web for the PATH.
cmd_install() {
  local prefix="$HOME/.local"
  while [ $# -gt 0 ]; do
    case "$1" in
      --prefix) [ $# -ge 2 ] && [ -n "$2" ] || { log "--prefix needs a directory"; exit 2; }; prefix=$2; shift 2 ;;
      *) log "unknown option $1 (usage: ./run install [--prefix DIR])"; exit 2 ;;
    esac
  done
  mkdir -p "$prefix"; prefix="$(cd "$prefix" && pwd)"
  local app="$prefix/lib/bfw" web="$prefix/lib/bfw-web" bin="$prefix/bin"
  db_up; web_assets
  log "publishing bfw into $app"
  dotnet publish "$ROOT/orchestrator/BrightFunnel.Warehouse.Console/BrightFunnel.Warehouse.Console.csproj" -c "$CONFIG" \
    -o "$app" -nologo -v q >"$BFW_HOME/publish.log" 2>&1 || { cat "$BFW_HOME/publish.log" >&2; exit 2; }
  log "publishing bfw-web into $web"
  dotnet publish "$ROOT/web/BrightFunnel.Warehouse.Web/BrightFunnel.Warehouse.Web.csproj" -c "$CONFIG" \
    -o "$web" -nologo -v q >"$BFW_HOME/publish-web.log" 2>&1 || { cat "$BFW_HOME/publish-web.log" >&2; exit 2; }
  # The app serves ECharts from node_modules/echarts/dist (no CDN): copy what it serves beside it.
  mkdir -p "$web/node_modules/echarts"
  rm -rf "$web/node_modules/echarts/dist"; cp -r "$ROOT/web/BrightFunnel.Warehouse.Web/node_modules/echarts/dist" "$web/node_modules/echarts/"
  cp "$ROOT/web/BrightFunnel.Warehouse.Web/package.json" "$web/"
  local control webcs; connection_string control bf_control; connection_string webcs bf_web
  (umask 077; cat >"$app/bfw.json" <<EOF
{
  "Control": { "ConnectionString": "$control" },
  "Web": { "ConnectionString": "$webcs", "KeysDirectory": "$BFW_HOME/web-keys" },
  "Impala": { "Port": $IMPALA_PORT, "Root": "$IMPALA_ROOT" },
  "ExportsRoot": "$BFW_HOME/exports",
  "KeyRing": "$BFW_HOME/keys",
  "Logs": { "Directory": "$BFW_HOME/logs" }
}
EOF
  )
  chmod 600 "$app/bfw.json"
  # bfw-web reads the same file (its Web section): one copy beside it, same mode.
  cp "$app/bfw.json" "$web/bfw.json"; chmod 600 "$web/bfw.json"
  mkdir -p "$bin"
  printf '#!/bin/sh\nexec "%s/bfw" "$@"\n' "$app" >"$bin/bfw"
  printf '#!/bin/sh\nexec "%s/bfw-web" "$@"\n' "$web" >"$bin/bfw-web"
  chmod 755 "$bin/bfw" "$bin/bfw-web"
  log "installed: $bin/bfw runs $app/bfw, $bin/bfw-web runs $web/bfw-web (--port N; serves on 127.0.0.1:5080); their configuration is bfw.json beside each (mode 600)"
  case ":$PATH:" in *":$bin:"*) ;; *) log "$bin is not on your PATH: add it, e.g. export PATH=\"$bin:\$PATH\"" ;; esac
}
