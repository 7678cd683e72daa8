#!/usr/bin/env bash
# Installs what is needed, then runs every check: ruff, mypy, import-linter (the layer rules) and the whole
# test suite, with a real Secret Service (gnome-keyring on a private D-Bus session) for the keyring tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check carecoord_desktop tests benchmarks
.venv/bin/ruff format --check carecoord_desktop tests benchmarks
# mypy --strict on the whole package (pyproject), UI included.
.venv/bin/mypy carecoord_desktop
.venv/bin/lint-imports
# A private keyring folder, so an earlier run's login keyring (with another password) never gets in the way.
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
dbus-run-session -- sh -c '
  printf "ci-keyring" | XDG_DATA_HOME="$1" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  shift
  exec .venv/bin/pytest -q -p no:cacheprovider "$@"
' sh "$keyring_home" "$@"
