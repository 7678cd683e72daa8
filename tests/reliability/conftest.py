"""The data-safety suite: `--soak` (or CARECOORD_SOAK=1) runs the long version of the crash trials."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def soak(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--soak")) or os.environ.get("CARECOORD_SOAK") == "1"


def child(script: str, *args: str) -> subprocess.Popen[str]:
    """A Python child running one of the helper scripts beside this file, reporting on stdout."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def mount_tmpfs(tmp_path: Path) -> Iterator[object]:
    """mount(size_kib) -> a size-limited tmpfs folder, or None where this machine forbids mounting."""
    mounted: list[Path] = []

    def mount(size_kib: int, name: str = "fs") -> Path | None:
        target = tmp_path / name
        target.mkdir()
        if sys.platform != "linux":
            return None
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(target)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            return None
        mounted.append(target)
        return target

    yield mount
    for target in reversed(mounted):
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


def remount(target: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(target)], check=True, capture_output=True)
