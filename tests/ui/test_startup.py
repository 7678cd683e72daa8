"""A half-second start: the sign-in window comes up with Qt and itself only; the rest loads while the
person types. (How long it takes is measured by benchmarks/startup.py, not here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "sqlalchemy",
    "alembic",
    "pydantic",
    "reportlab",
    "sqlcipher3",
    "argon2",
    "cryptography",
    "keyring",
    "holidays",
    "phonenumbers",
    "carecoord_desktop.services",
    "carecoord_desktop.storage",
    "carecoord_desktop.ui.main_window",
    "carecoord_desktop.ui.setup.wizard",
)

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from carecoord_desktop.app import CareCoordApp, build_application
from carecoord_desktop.ui import startup
from carecoord_desktop.ui.app_config import WorkstationConfig

app = build_application(["carecoord-desktop"])
seen = {}

def shown(name, window):
    seen["at_sign_in"] = sorted(sys.modules)
    seen["title"] = window.windowTitle()
    def finish():
        if not startup.warm_up.done.is_set():
            QTimer.singleShot(20, finish)
            return
        seen["after_warm_up"] = sorted(sys.modules)
        print(json.dumps(seen))
        app.quit()
    finish()

startup.observers.append(shown)
controller = CareCoordApp(vault=Path(sys.argv[1]), config=WorkstationConfig(Path(sys.argv[2])))
controller.start()
app.exec()
"""


def _loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_sign_in_window_shows_before_the_services_and_the_main_window_are_imported(
    practice: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(practice), str(tmp_path / "workstation.json")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["title"] == "Sign in — CareCoord Desktop"
    assert [m for m in HEAVY if _loaded(seen["at_sign_in"], m)] == []
    # While the person types, what signing in and the main window need is imported in the background.
    for name in ("sqlalchemy", "carecoord_desktop.services.auth", "carecoord_desktop.ui.main_window"):
        assert _loaded(seen["after_warm_up"], name), name
