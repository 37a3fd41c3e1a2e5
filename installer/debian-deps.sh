#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Sufler needs, only those that are missing.
#   debian-deps.sh run   - what the desktop needs to start (Qt runtime, PortAudio, venv, lrelease)
#   debian-deps.sh test  - plus the real peers and servers the tests start
# As root it installs with apt-get; otherwise it prints the apt-get command and fails if anything
# required is missing.
set -euo pipefail

run_pkgs=(
  python3-venv libdbus-1-3 libegl1 libfontconfig1 libgl1 libglib2.0-0 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0 fontconfig-config
  fonts-dejavu-core libportaudio2 qt6-l10n-tools
)
test_pkgs=(
  kamailio kamailio-tls-modules sip-tester postgresql gnome-keyring dbus dbus-x11 xvfb xauth openbox imagemagick
  pulseaudio pulseaudio-utils procps strace baresip baresip-core linphone-cli wixl msitools
)

want=("${run_pkgs[@]}")
if [ "${1:-run}" = "test" ]; then want+=("${test_pkgs[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
