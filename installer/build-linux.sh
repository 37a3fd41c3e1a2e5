#!/usr/bin/env bash
# Build what IT deploys on Linux, from a fresh clone, in one command (`make package` runs it):
#   1. the virtualenv and the compiled translations (`make venv translations`), PyInstaller;
#   2. the PyInstaller one-dir bundle (build/dist/sufler), smoke-tested (installer/smoke-test.sh);
#   3. dist/sufler_<version>_amd64.deb      - the bundle in /opt/sufler, `sufler` on PATH, the
#                                             menu entry, /etc/sufler/site.toml.example;
#      dist/sufler-hub_<version>_all.deb    - the hub as a systemd service (user, data, config).
# VENV=path uses another virtualenv; SMOKE_DESKTOP=0 skips the desktop start in the smoke test;
# REUSE_BUNDLE=1 packages the bundle already in build/dist (after changing only packaging files).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
make --no-print-directory venv translations VENV="$venv"
version=$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
for qm in assets/translations/*.qm; do test -s "$qm" || { echo "missing $qm" >&2; exit 1; }; done
bundle=build/dist/sufler
if [ "${REUSE_BUNDLE:-0}" != 1 ] || [ ! -x "$bundle/sufler" ]; then
  "$venv/bin/python" -m pip install -q "pyinstaller>=6,<7"
  PYTHONPATH=$PWD "$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath build/dist \
    --workpath build/work installer/sufler.spec
  test -d "$bundle/_internal/kb/hub/migrations/versions" || { echo "migrations not bundled" >&2; exit 1; }
  cp LICENSE "$bundle/LICENSE"
  bash installer/smoke-test.sh "$PWD/$bundle/sufler"
fi

# The oldest glibc the bundle's binaries need: the package's floor.
glibc=$(find "$bundle" -type f \( -name '*.so*' -o -name sufler \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
test -n "$glibc" || glibc=2.36

doc_into() {  # doc_into ROOT PACKAGE: copyright and changelog where Debian policy wants them
  install -d "$1/usr/share/doc/$2"
  install -m 644 installer/debian/copyright "$1/usr/share/doc/$2/copyright"
  printf '%s (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- Sufler developers <sufler@example.org>  %s\n' \
    "$2" "$version" "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
    | gzip -9n > "$1/usr/share/doc/$2/changelog.gz"
}
installed_size() { du -sk --exclude=DEBIAN "$1" | cut -f1; }

pkg=build/deb/sufler
rm -rf build/deb
install -d "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/share/applications" \
  "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/etc/sufler" "$pkg/usr/bin"
cp -a "$bundle" "$pkg/opt/sufler"
install -m 644 installer/sufler.desktop "$pkg/usr/share/applications/"
install -m 644 assets/icons/sufler.svg "$pkg/usr/share/icons/hicolor/scalable/apps/sufler.svg"
install -m 644 installer/site.toml.example "$pkg/etc/sufler/site.toml.example"
ln -s /opt/sufler/sufler "$pkg/usr/bin/sufler"
find "$pkg/opt/sufler" -type f -name '*.so*' -exec chmod 0644 {} +  # libraries are not programs
doc_into "$pkg" sufler
install -m 755 installer/debian/sufler.postrm "$pkg/DEBIAN/postrm"
echo /etc/sufler/site.toml.example > "$pkg/DEBIAN/conffiles"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: sufler
Version: $version
Architecture: amd64
Maintainer: Sufler developers <sufler@example.org>
Installed-Size: $(installed_size "$pkg")
Depends: libc6 (>= $glibc), libdbus-1-3, libegl1, libfontconfig1, libfreetype6, libgl1, libglib2.0-0, libx11-xcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0, libwayland-client0, libwayland-cursor0, libwayland-egl1, fonts-dejavu-core, libportaudio2
Recommends: gnome-keyring | kwalletmanager, pulseaudio | pipewire-pulse
Suggests: sufler-hub
Section: comm
Priority: optional
Description: Agent desktop for call-center operators
 SIP softphone with hold, queue and transfer controls, and an offline
 Russian-first knowledge base of articles and ready replies.
 .
 IT: machine-wide settings in /etc/sufler/site.toml (see site.toml.example);
 \`sufler doctor\` checks a desk, \`sufler enroll HUB_URL\` provisions it.
CONTROL

hub=build/deb/sufler-hub
install -d "$hub/DEBIAN" "$hub/lib/systemd/system" "$hub/etc/sufler"
install -m 644 installer/debian/sufler-hub.service "$hub/lib/systemd/system/sufler-hub.service"
install -m 640 installer/debian/hub.env "$hub/etc/sufler/hub.env"
doc_into "$hub" sufler-hub
install -m 644 installer/debian/README.Debian "$hub/usr/share/doc/sufler-hub/README.Debian"
for script in postinst prerm postrm; do
  install -m 755 "installer/debian/sufler-hub.$script" "$hub/DEBIAN/$script"
done
echo /etc/sufler/hub.env > "$hub/DEBIAN/conffiles"
cat > "$hub/DEBIAN/control" <<CONTROL
Package: sufler-hub
Version: $version
Architecture: all
Maintainer: Sufler developers <sufler@example.org>
Installed-Size: $(installed_size "$hub")
Depends: sufler (= $version), passwd
Recommends: systemd
Section: comm
Priority: optional
Description: Sufler floor hub as a system service
 Runs \`sufler hub serve\` as the systemd service sufler-hub under its own system
 user, with the database and signing key in /var/lib/sufler-hub, settings in
 /etc/sufler/hub.env and logs in the journal. Migrates the schema on install,
 upgrade and every start.
CONTROL

mkdir -p dist
dpkg-deb --root-owner-group -Zxz -z3 --build "$pkg" "dist/sufler_${version}_amd64.deb" >/dev/null
dpkg-deb --root-owner-group --build "$hub" "dist/sufler-hub_${version}_all.deb" >/dev/null
if command -v systemd-analyze >/dev/null; then
  SYSTEMD_LOG_LEVEL=err systemd-analyze verify --man=no "$hub/lib/systemd/system/sufler-hub.service" 2>&1 \
    | grep -v -e "/opt/sufler/sufler" -e "sufler-hub.*User" || true
fi
if command -v lintian >/dev/null; then
  lintian --suppress-tags-from-file installer/debian/lintian-suppressed --tag-display-limit 0 \
    "dist/sufler_${version}_amd64.deb" "dist/sufler-hub_${version}_all.deb" || true
fi
ls -l "dist/sufler_${version}_amd64.deb" "dist/sufler-hub_${version}_all.deb"
