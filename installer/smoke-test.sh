#!/usr/bin/env bash
# Run every entry point of an installed or freshly built Sufler bundle, without a display.
#   installer/smoke-test.sh [SUFLER_BINARY]      (default: sufler on PATH)
# Used by installer/build-linux.sh on the build and by installer/package-test.sh inside a clean
# Debian root. Prints one line per step; exits non-zero at the first step that fails.
set -euo pipefail
bin=${1:-sufler}
work=$(mktemp -d)
hub_pid=""
cleanup() {
  if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export SUFLER_HOME="$work/home" SUFLER_SITE_FILE="$work/site.toml" SUFLER_HUB_ENV_FILE=/nonexistent
unset DISPLAY WAYLAND_DISPLAY
step() { printf 'smoke: %-28s' "$1"; }

step "--version";        "$bin" --version
step "--help";           "$bin" --help | head -1
step "no display";       set +e; "$bin" 2>"$work/err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -q "no display" "$work/err" && echo "refused with rc 2 (as it should)"
step "kb stats";         "$bin" kb stats | grep -m1 articles
step "kb search";        "$bin" kb search "тариф" 2>/dev/null | head -1
step "notes status";     "$bin" notes status | head -1
step "phone start/quit"; echo '{"cmd": "quit"}' | timeout 30 "$bin" phone --listen 127.0.0.1:0 --audio null \
  --no-history 2>/dev/null | grep -c '"event"' | sed 's/$/ events, exit 0/'
db="sqlite:///$work/hub/hub.sqlite"
step "hub migrate";      "$bin" hub migrate --db "$db"
step "hub user add";     "$bin" hub user add smoke-admin --role admin --db "$db" | sed 's/sfh_.*/sfh_***/'
step "hub enroll";       "$bin" hub enroll --count 2 --prefix smoke --db "$db" | tail -1 | sed 's/,.*/,***/'
printf '[hold]\nwarn_seconds = 45\n' >"$work/floor.toml"
step "hub site set/get";  "$bin" hub site set "$work/floor.toml" --db "$db" >/dev/null
"$bin" hub site get --db "$db" | grep -x 'warn_seconds = 45'
port=$(( 20000 + RANDOM % 20000 ))
step "hub serve + health"
"$bin" hub serve --db "$db" --port "$port" >"$work/hub.log" 2>&1 &
hub_pid=$!
health=""
for _ in $(seq 1 60); do
  if health=$(exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /api/v1/health HTTP/1.0\r\nHost: x\r\n\r\n' >&3 && cat <&3); then
    break
  fi
  sleep 0.5
done
echo "$health" | head -1 | tr -d '\r'
echo "$health" | grep -q '"status":"ok"' || { cat "$work/hub.log"; exit 1; }
echo "       $(echo "$health" | tail -1)"
step "doctor";           set +e; "$bin" doctor --json >"$work/doctor.json"; rc=$?; set -e
[ "$rc" = 0 ] || [ "$rc" = 1 ] || { echo "doctor crashed (rc $rc)"; cat "$work/doctor.json"; exit 1; }
grep -c '"status"' "$work/doctor.json" | sed "s/\$/ checks reported, rc $rc/"
if [ -n "${SMOKE_DESKTOP:-1}" ] && [ "${SMOKE_DESKTOP:-1}" != 0 ]; then
  step "desktop offscreen"
  QT_QPA_PLATFORM=offscreen timeout 60 "$bin" >"$work/desktop.log" 2>&1 &
  desk=$!
  sleep 8
  kill -TERM "$desk" 2>/dev/null || true
  set +e; wait "$desk"; rc=$?; set -e
  if [ "$rc" = 0 ] || [ "$rc" = 143 ]; then echo "started and quit on SIGTERM (rc $rc)"
  else echo "rc $rc"; tail -20 "$work/desktop.log"; exit 1; fi
fi
echo "smoke: all entry points answered"
