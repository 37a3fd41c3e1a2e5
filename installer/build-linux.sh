#!/usr/bin/env bash
# Build what IT deploys on Linux: a PyInstaller one-dir bundle and a .deb that installs it to
# /opt/sufler with a menu entry, an icon and the example site file.
#   installer/build-linux.sh            -> dist/sufler_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${VENV:-.venv}
version=$("$venv/bin/python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
"$venv/bin/python" -m pip install -q "pyinstaller>=6"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
  installer/sufler.spec

# Self-test of the frozen build: the KB command line answers from the bundled default content.
SUFLER_HOME=$(mktemp -d) build/dist/sufler/sufler kb stats >/dev/null

pkg=build/deb
rm -rf "$pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/share/applications" \
  "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/etc/sufler" "$pkg/usr/bin"
cp -a build/dist/sufler "$pkg/opt/sufler"
cp installer/sufler.desktop "$pkg/usr/share/applications/"
cp assets/icons/sufler.svg "$pkg/usr/share/icons/hicolor/scalable/apps/sufler.svg"
cp installer/site.toml.example "$pkg/etc/sufler/site.toml.example"
ln -s /opt/sufler/sufler "$pkg/usr/bin/sufler"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: sufler
Version: $version
Architecture: amd64
Maintainer: Sufler developers <sufler@example.org>
Depends: libdbus-1-3, libegl1, libfontconfig1, libgl1, libglib2.0-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxkbcommon-x11-0, fonts-dejavu-core, libportaudio2
Recommends: gnome-keyring
Section: comm
Priority: optional
Description: Agent desktop for call-center operators
 SIP softphone with hold, queue and transfer controls, and an offline
 Russian-first knowledge base of articles and ready replies.
CONTROL
mkdir -p dist
dpkg-deb --root-owner-group -Zxz -z1 --build "$pkg" "dist/sufler_${version}_amd64.deb"
echo "dist/sufler_${version}_amd64.deb"
