#!/usr/bin/env bash
# Builds the frozen Linux bundle of CareCoord Desktop and its tarball, then smoke-tests the tarball's contents on a
# private Xvfb screen (packaging/smoke_test.py). Run from the repository root; needs only python3 (with venv) and
# Xvfb. Everything lands in build/packaging/:
#   venv/                                      the build's own virtualenv (PyInstaller, pinned dependencies)
#   dist/carecoord-desktop/                    the one-folder bundle
#   carecoord-desktop-VERSION-linux-x86_64.tar.gz
#   smoke/                                     the smoke test's screenshots
# Prints exactly one JSON object on stdout (logs go to stderr) and exits 0 only when the smoke test passes; then it
# rewrites packaging/smoke-tested.sha256 (see packaging/fingerprint.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec 3>&1 1>&2 # stdout is for the JSON alone
started=$(date +%s)
out=build/packaging
venv=$out/venv

say() { echo "build.sh: $*"; }

version=$(python3 -c 'import re,sys; print(re.search(r"^__version__ = \"([^\"]+)\"$", open("carecoord_desktop/__init__.py").read(), re.M).group(1))')
arch=$(uname -m)
name=carecoord-desktop-$version
say "CareCoord Desktop $version for Linux $arch"

command -v Xvfb >/dev/null || { say "Xvfb is needed for the smoke test (apt-get install xvfb)"; exit 1; }
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
python3 -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
  >"$out/requirements.txt"
say "installing PyInstaller and the pinned dependencies into $venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  -c constraints.txt -c packaging/build-constraints.txt -r "$out/requirements.txt" pyinstaller python-xlib

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate packaging/org.carecoord.CareCoordDesktop.desktop
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net packaging/org.carecoord.CareCoordDesktop.metainfo.xml
fi

say "freezing (PyInstaller)"
rm -rf "$out/dist" "$out/work"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$out/dist" --workpath "$out/work" \
  packaging/carecoord-desktop.spec
bundle=$out/dist/carecoord-desktop

say "packing $name-linux-$arch.tar.gz"
stage=$out/stage
rm -rf "$stage" && mkdir -p "$stage"
cp -a "$bundle" "$stage/$name"
mkdir -p "$stage/$name/share/icons"
cp packaging/org.carecoord.CareCoordDesktop.desktop packaging/org.carecoord.CareCoordDesktop.metainfo.xml \
  "$stage/$name/share/"
cp resources/icons/carecoord-desktop-*.png "$stage/$name/share/icons/"
install -m 0755 packaging/linux-install.sh "$stage/$name/install.sh"
tarball=$out/$name-linux-$arch.tar.gz
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" "$name"
rm -rf "$stage"

say "smoke test: the unpacked tarball, on a private Xvfb screen"
unpacked=$out/smoke/unpacked
rm -rf "$out/smoke" && mkdir -p "$unpacked"
tar -C "$unpacked" -xzf "$tarball"
"$venv/bin/python" packaging/smoke_test.py "$unpacked/$name" --out "$out/smoke/result.json" \
  --screenshots "$out/smoke"
rm -rf "$unpacked"

python3 packaging/fingerprint.py >packaging/smoke-tested.sha256
say "passed; packaging/smoke-tested.sha256 updated"
bundle_kb=$(du -sk "$bundle" | cut -f1)
tarball_bytes=$(stat -c %s "$tarball")
python3 - "$out/smoke/result.json" "$version" "$bundle_kb" "$tarball_bytes" "$tarball" "$(($(date +%s) - started))" >&3 <<'EOF'
import json, sys
smoke = json.load(open(sys.argv[1]))
print(json.dumps({
    "version": sys.argv[2],
    "smoke_test": "passed",
    "bundle_mb": round(int(sys.argv[3]) / 1024, 1),
    "tarball_mb": round(int(sys.argv[4]) / 1024 / 1024, 1),
    "tarball": sys.argv[5],
    **smoke,
    "build_seconds": int(sys.argv[6]),
}))
EOF
