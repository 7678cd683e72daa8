"""At 150 % on a small screen every area of every role fits: the window stays on the screen, and nothing is cut
off (what does not fit scrolls). Rendered in a child process, since the scale factor is read at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ADMIN_PASSWORD, FRONT_PASSWORD, NURSE_PASSWORD, PROVIDER_PASSWORD

CHILD = Path(__file__).with_name("scaled_child.py")


def test_every_area_fits_a_small_screen_at_150_percent(filled: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5"}  # 533 × 533 logical px
    users = [f"admin={ADMIN_PASSWORD}", f"nina={NURSE_PASSWORD}", f"fred={FRONT_PASSWORD}"]
    users.append(f"priya={PROVIDER_PASSWORD}")
    done = subprocess.run(
        [sys.executable, str(CHILD), str(filled), *users],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "", done.stdout
