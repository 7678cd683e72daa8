#!/usr/bin/env bash
# Installs what is needed, then runs every check: ruff, mypy, import-linter (the layer rules) and the whole
# test suite, with a real Secret Service (gnome-keyring on a private D-Bus session) for the keyring tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check carecoord_desktop tests benchmarks
.venv/bin/ruff format --check carecoord_desktop tests benchmarks
# Strict on domain, storage and services (pyproject); the CLI and document builders are checked too.
.venv/bin/mypy carecoord_desktop/domain carecoord_desktop/storage carecoord_desktop/services carecoord_desktop/cli carecoord_desktop/documents
.venv/bin/lint-imports
exec dbus-run-session -- sh -c '
  printf "ci-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec .venv/bin/pytest -q -p no:cacheprovider "$@"
' sh "$@"
