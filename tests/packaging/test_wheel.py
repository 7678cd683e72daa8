"""The wheel carries resources/ inside the package (carecoord_desktop/resources) and takes its version from the one
place it is written; assets.py finds the resources there when the app is installed with pip."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from carecoord_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_a_built_wheel_holds_the_resources_and_the_version(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("carecoord_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()
    ):
        assert f"carecoord_desktop/{asset}" in names
    assert "carecoord_desktop/storage/migrations/env.py" in names
    metadata = zipfile.ZipFile(wheel).read(f"carecoord_desktop-{__version__}.dist-info/METADATA").decode()
    assert f"\nVersion: {__version__}\n" in metadata
