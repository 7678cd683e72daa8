"""On a 1366 × 768 screen every area of every role fits at 125 % and 150 %: the window stays on the screen
(the same size whatever the role), rows wrap rather than need a horizontal scroll bar, and nothing is cut
off; at 200 % what does not fit scrolls, still without clipping. The new-patient form with its possible
duplicates and the lock card (centred) are checked too. Rendered in a child process, since the scale
factor is read at start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD, FRONT_PASSWORD, NURSE_PASSWORD, PROVIDER_PASSWORD

CHILD = Path(__file__).with_name("scaled_child.py")
SCREEN = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "dpr": 1}


@pytest.mark.parametrize(("scale", "wrap"), [("1.25", True), ("1.5", True), ("2", False)])
def test_every_area_fits_a_1366_by_768_screen(filled: Path, tmp_path: Path, scale: str, wrap: bool) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"synthesizedScreens": False, "screens": [SCREEN]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale}
    users = [f"admin={ADMIN_PASSWORD}", f"nina={NURSE_PASSWORD}", f"fred={FRONT_PASSWORD}"]
    users.append(f"priya={PROVIDER_PASSWORD}")
    done = subprocess.run(
        [sys.executable, str(CHILD), *(["--wrap"] if wrap else []), str(filled), *users],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "", done.stdout
