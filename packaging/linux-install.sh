#!/usr/bin/env bash
# CareCoord Desktop for Linux: adds this unpacked folder to your applications menu (per user, no root), or takes
# it out again. packaging/build.sh puts this script in the tarball as install.sh.
#
#   ./install.sh              menu entry, icons, AppStream metadata, and `carecoord` in ~/.local/bin
#   ./install.sh --uninstall  removes exactly those again
#
# Neither ever touches a vault, its .keys, a backup or a log: those live in ~/.local/share/CareCoord Desktop,
# ~/.local/state/CareCoord Desktop and wherever the practice chose, not in this folder.
set -euo pipefail
APP_ID=org.carecoord.CareCoordDesktop
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
sizes="16 24 32 48 64 128 256 512"

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml"
  for size in $sizes; do rm -f "$data/icons/hicolor/${size}x${size}/apps/$APP_ID.png"; done
  if [ -L "$bin/carecoord" ] && [ "$(readlink "$bin/carecoord")" = "$here/carecoord" ]; then rm -f "$bin/carecoord"; fi
  refresh
  echo "CareCoord Desktop is out of the menu. Delete this folder ($here) to remove the program itself;"
  echo "your vaults, key files and backups are left where they are."
  exit 0
fi

[ -x "$here/carecoord-desktop" ] || { echo "install.sh: run it from the unpacked CareCoord Desktop folder" >&2; exit 2; }
mkdir -p "$data/applications" "$data/metainfo" "$bin"
sed -e "s|^Exec=carecoord-desktop|Exec=\"$here/carecoord-desktop\"|" "$here/share/$APP_ID.desktop" \
  >"$data/applications/$APP_ID.desktop"
cp "$here/share/$APP_ID.metainfo.xml" "$data/metainfo/"
for size in $sizes; do
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$here/share/icons/carecoord-desktop-$size.png" "$data/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
ln -sfn "$here/carecoord" "$bin/carecoord"
refresh
echo "CareCoord Desktop is in your applications menu; \`carecoord\` is in $bin."
