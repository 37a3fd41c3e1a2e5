#!/usr/bin/env bash
# Install the built .debs into a clean Debian 12 root and use them as IT would (`make
# package-test`; root, network to the Debian mirror, a few minutes):
#   install with --no-install-recommends → libraries of the bundle all resolved → every entry point
#   (installer/smoke-test.sh) → doctor → the hub as its service user (migrate, enroll, serve,
#   health, a code redeemed) → an upgrade to a bumped version that keeps the site file, edited
#   conffiles and the hub's database → a purge that removes /etc/sufler.
# The minbase root is made once with debootstrap from the mirror apt on this machine uses and
# cached in SUFLER_PKGTEST_CACHE (default /var/tmp/sufler-pkgtest); each run works on a copy.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "package-test: run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "package-test: apt-get install debootstrap" >&2; exit 1; }
deb=$(ls -t dist/sufler_*_amd64.deb | head -1)
hubdeb=$(ls -t dist/sufler-hub_*_all.deb | head -1)
version=$(dpkg-deb -f "$deb" Version)
cache=${SUFLER_PKGTEST_CACHE:-/var/tmp/sufler-pkgtest}
mirror=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
  | head -1 | grep -oE 'https?://[^ ]+' || echo http://deb.debian.org/debian)
base=$cache/bookworm-minbase
mkdir -p "$cache"
if [ ! -x "$base/bin/bash" ]; then
  echo "package-test: debootstrap --variant=minbase bookworm from $mirror (once)"
  debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1
  mv "$base.tmp" "$base"
fi
root=$(mktemp -d "$cache/root.XXXXXX")
hub_pid=""
cleanup() {
  if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; fi
  sleep 1
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
cp -a "$base/." "$root/"
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$hubdeb" installer/smoke-test.sh "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; exit 1; }

echo "== install $(basename "$deb") $(basename "$hubdeb") into a clean bookworm minbase"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" \
  "/tmp/$(basename "$hubdeb")" >"$root/tmp/apt.log" 2>&1 || { tail -30 "$root/tmp/apt.log"; fail "install"; }
pass "installed with --no-install-recommends ($(in_root dpkg-query -W -f='${Installed-Size}' sufler) KiB)"

echo "== shared libraries of the bundle"
# Libraries the bundle carries itself are found through its own directories (as at run time);
# what stays "not found" must come from a Debian package.
missing=$(in_root sh -c 'LD_LIBRARY_PATH=$(find /opt/sufler -type f -name "*.so*" -printf "%h\n" | sort -u | paste -sd:)
  export LD_LIBRARY_PATH
  find /opt/sufler -type f -name "*.so*" | while read -r f; do
  ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done' | sort -u || true)
platform_missing=$(echo "$missing" | grep -E '/platforms/|/wayland-|libQt6(Core|Gui|Widgets|DBus|WaylandClient|XcbQpa)|pjsua2|_sounddevice|libportaudio' || true)
echo "$missing" | grep . | sed 's/^/  unresolved (optional plugin): /' | head -20 || true
[ -z "$platform_missing" ] || { echo "$platform_missing"; fail "libraries the desktop needs are not in Depends"; }
pass "Qt platform plugins (xcb, wayland), Qt core, pjsua2 and PortAudio resolve"

echo "== entry points"
in_root bash /tmp/smoke-test.sh sufler || fail "smoke test"
pass "every entry point"

echo "== doctor on the bare root (no keyring, no audio, no hub: reported, not crashed)"
set +e; in_root sufler doctor; rc=$?; set -e
[ "$rc" = 1 ] && pass "doctor reported what the root lacks (exit 1)" || fail "doctor exit $rc"

echo "== the hub as its service user"
port=$(( 30000 + RANDOM % 20000 ))
sed -i "s/--port 8470/--port $port/" "$root/etc/sufler/hub.env"   # an IT edit of the conffile
in_root id sufler-hub
in_root stat -c '%U:%G %a %n' /var/lib/sufler-hub /etc/sufler/hub.env
as_hub() { in_root runuser -u sufler-hub -- env HOME=/var/lib/sufler-hub SUFLER_HOME=/var/lib/sufler-hub "$@"; }
as_hub sufler hub migrate
as_hub sufler hub user add it-admin --role admin | sed 's/sfh_.*/sfh_***/'
as_hub sufler hub enroll --count 3 --prefix op > "$root/tmp/codes.csv"
pass "admin commands as sufler-hub find the service database ($(grep -c , "$root/tmp/codes.csv") lines of codes)"
# ExecStart of the unit, without systemd in the root:
chroot "$root" runuser -u sufler-hub -- sh -c 'set -a; . /etc/sufler/hub.env; set +a;
  HOME=/var/lib/sufler-hub SUFLER_HOME=/var/lib/sufler-hub exec /opt/sufler/sufler hub serve $SUFLER_HUB_ARGS' \
  >"$root/tmp/hub.log" 2>&1 &
hub_pid=$!
http() {  # http METHOD PATH [BODY]: the raw answer
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s' \
    "$1" "$2" "${#3}" "${3:-}" >&3
  cat <&3; exec 3<&-
}
for _ in $(seq 1 60); do health=$( (http GET /api/v1/health "") 2>/dev/null) && break; sleep 0.5; done
echo "$health" | head -1 | tr -d '\r'; echo "  $(echo "$health" | tail -1)"
echo "$health" | grep -q "200 OK" || { cat "$root/tmp/hub.log"; fail "hub health"; }
pass "hub serves as sufler-hub from /var/lib/sufler-hub, health 200"
code=$(sed -n 2p "$root/tmp/codes.csv" | cut -d, -f2)
set +e; echo "$code" | in_root sufler enroll "http://127.0.0.1:$port" --code-stdin; rc=$?; set -e
[ "$rc" = 1 ] && pass "enroll without a keyring refuses before spending the code" || fail "enroll rc $rc"
answer=$(http POST /api/v1/enroll "{\"code\": \"$code\"}")
echo "$answer" | grep -q '"token":"sfh_' && pass "the code still works once (token issued)" || fail "redeem: $answer"
again=$(http POST /api/v1/enroll "{\"code\": \"$code\"}")
echo "$again" | head -1 | grep -q 403 && pass "the same code a second time: 403" || fail "reuse: $again"
kill "$hub_pid"; wait "$hub_pid" 2>/dev/null || true; hub_pid=""

echo "== upgrade to a bumped version"
printf '[sip]\nserver = "pbx.test:5060"\n' > "$root/etc/sufler/site.toml"
echo "# edited by IT" >> "$root/etc/sufler/site.toml.example"
site_sum=$(sha256sum < "$root/etc/sufler/site.toml")
new="$version.1"
for d in "$deb" "$hubdeb"; do
  tmp=$(mktemp -d); dpkg-deb -R "$d" "$tmp/p"
  sed -i "s/^Version: .*/Version: $new/; s/sufler (= $version)/sufler (= $new)/" "$tmp/p/DEBIAN/control"
  [ -f "$tmp/p/opt/sufler/_internal/kb/VERSION" ] && echo "$new" > "$tmp/p/opt/sufler/_internal/kb/VERSION"
  dpkg-deb --root-owner-group -Znone -b "$tmp/p" "$root/tmp/$(basename "$d" | sed "s/_${version}_/_${new}_/")" >/dev/null
  rm -rf "$tmp"
done
in_root apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold \
  "/tmp/sufler_${new}_amd64.deb" "/tmp/sufler-hub_${new}_all.deb" >"$root/tmp/apt2.log" 2>&1 \
  || { tail -30 "$root/tmp/apt2.log"; fail "upgrade"; }
in_root sufler --version
[ "$(in_root sufler --version)" = "sufler $new" ] || fail "version after upgrade"
[ "$(sha256sum < "$root/etc/sufler/site.toml")" = "$site_sum" ] || fail "site.toml changed"
grep -q "edited by IT" "$root/etc/sufler/site.toml.example" || fail "site.toml.example edit lost"
grep -q -- "--port $port" "$root/etc/sufler/hub.env" || fail "hub.env edit lost"
as_hub sufler hub user list | grep -q it-admin || fail "hub users lost"
pass "upgrade $version → $new kept site.toml, the edited example and hub.env, and the hub's users"

echo "== purge"
in_root apt-get purge -y -qq sufler-hub sufler >"$root/tmp/apt3.log" 2>&1 || { tail "$root/tmp/apt3.log"; fail "purge"; }
[ ! -e "$root/etc/sufler" ] || { ls -la "$root/etc/sufler"; fail "/etc/sufler left after purge"; }
[ ! -e "$root/opt/sufler" ] || fail "/opt/sufler left after purge"
pass "purge removed /etc/sufler and /opt/sufler (the hub's data in /var/lib/sufler-hub is kept: $(ls "$root/var/lib/sufler-hub" | tr '\n' ' '))"
echo "package-test: all passed"
