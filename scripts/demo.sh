#!/usr/bin/env bash
# Installs what is needed, then opens CareCoord Desktop on the demo practice (created on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found; starting the app on a virtual screen (xvfb-run)." >&2
  exec xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/carecoord-desktop --demo "$@"
fi
exec .venv/bin/carecoord-desktop --demo "$@"
