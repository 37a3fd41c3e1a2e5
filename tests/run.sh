#!/usr/bin/env bash
# Run pytest the way CI does: inside a private D-Bus session with a freshly unlocked gnome-keyring
# (a real Secret Service backend for keyring tests), in a throwaway HOME, with Qt offscreen.
#   tests/run.sh [PYTEST ARGS...]
#   tests/run.sh --screenshots   # render docs/screenshots/ under Xvfb instead
#   tests/run.sh --exec CMD...    # run another command in the same sandbox (make mutation)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
venv=${VENV:-.venv}
sandbox=$(mktemp -d "${TMPDIR:-/tmp}/sufler-test.XXXXXX")
chmod 755 "$sandbox"
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox/home" "$sandbox/runtime"
chmod 700 "$sandbox/home" "$sandbox/runtime"

export HOME="$sandbox/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$sandbox/runtime"
export PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring
export SUFLER_TEST_SANDBOX="$sandbox"
export PYTHONDONTWRITEBYTECODE=1
unset SUFLER_HOME DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

if [ "${1:-}" = "--screenshots" ]; then
  shift
  export QT_QPA_PLATFORM=xcb SUFLER_SCREENSHOT_DIR="$repo/docs/screenshots"
  mkdir -p "$SUFLER_SCREENSHOT_DIR"
  # Under a window manager (openbox, when installed), at the floor's screen sizes: everything at
  # 1920x1080, then the whole-screen desk shots again at 1366x768.
  shoot='command -v openbox >/dev/null && { openbox & sleep 1; }; exec "$@"'
  python="$repo/$venv/bin/python"
  runner=(bash -c '
    xvfb-run -a -s "-screen 0 1920x1080x24" bash -c "$0" shot "$1" -m pytest -m screenshots -p no:cacheprovider "${@:2}" &&
    xvfb-run -a -s "-screen 0 1366x768x24" bash -c "$0" shot "$1" -m pytest -m screenshots -p no:cacheprovider tests/ui/test_desk_screens.py
  ' "$shoot" "$python" "$@")
elif [ "${1:-}" = "--exec" ]; then
  shift
  export QT_QPA_PLATFORM=offscreen
  runner=("$@")
else
  export QT_QPA_PLATFORM=offscreen
  runner=("$repo/$venv/bin/python" -m pytest -p no:cacheprovider "$@")
fi

keyring_pass=$(head -c 18 /dev/urandom | base64)
export keyring_pass
# shellcheck disable=SC2016
dbus-run-session -- bash -c '
  printf %s "$keyring_pass" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  unset keyring_pass
  exec "$@"' bash "${runner[@]}"
