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
config = WorkstationConfig(Path(sys.argv[2]))
if sys.argv[3] == "demo":
    controller = CareCoordApp(demo_mode=True, demo_folder=Path(sys.argv[1]), config=config)
else:
    controller = CareCoordApp(vault=Path(sys.argv[1]), config=config)
controller.start()
app.exec()
"""


def _loaded(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def _start(target: Path, workstation: Path, mode: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(target), str(workstation), mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def test_sign_in_window_shows_before_the_services_and_the_main_window_are_imported(
    practice: Path, tmp_path: Path
) -> None:
    seen = _start(practice, tmp_path / "workstation.json", "vault")
    assert seen["title"] == "Sign in — CareCoord Desktop"
    assert [m for m in HEAVY if _loaded(seen["at_sign_in"], m)] == []
    # While the person types, what signing in and the main window need is imported in the background.
    for name in ("sqlalchemy", "carecoord_desktop.services.auth", "carecoord_desktop.ui.main_window"):
        assert _loaded(seen["after_warm_up"], name), name


def _copy_as_demo(practice: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for part in practice.parent.glob(practice.name + "*"):
        (folder / part.name.replace(practice.name, "demo-practice.ccvault")).write_bytes(part.read_bytes())
    return folder


def test_demo_start_with_the_demo_made_shows_sign_in_without_the_demo_builder(
    practice: Path, tmp_path: Path
) -> None:
    """`carecoord-desktop --demo` after the first time: straight to sign-in, as fast as any vault (the builder,
    which pulls in the synthetic practice and every feature's demo filler, is only for the first start)."""
    demo_folder = tmp_path / "demo"
    demo_folder.mkdir()
    for part in practice.parent.glob(practice.name + "*"):
        (demo_folder / part.name.replace(practice.name, "demo-practice.ccvault")).write_bytes(
            part.read_bytes()
        )
    seen = _start(demo_folder, tmp_path / "workstation.json", "demo")
    assert seen["title"] == "DEMO — Sign in — CareCoord Desktop"
    at_sign_in = seen["at_sign_in"]
    assert isinstance(at_sign_in, list)
    assert not _loaded(at_sign_in, "carecoord_desktop.services.demo")
    assert [m for m in HEAVY if m != "carecoord_desktop.services" and _loaded(at_sign_in, m)] == []


QUIT_AT_SIGN_IN = """
import sys, threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from carecoord_desktop import app
from carecoord_desktop.ui import startup

startup.observers.append(lambda name, window: QTimer.singleShot(0, window.close))
code = app.run(demo_mode=True)
alive = [t.name for t in threading.enumerate() if t.name == "carecoord-warm-up"]
print("exit", code, "warm-up alive" if alive else "warm-up stopped")
"""


def test_closing_at_once_stops_the_background_imports_before_the_app_exits(
    practice: Path, tmp_path: Path
) -> None:
    """Closing the demo's sign-in window the moment it appears: no thread still importing while Python shuts
    down, and no crash (it was a segmentation fault, exit -11, from the order PySide deleted the windows in)."""
    _copy_as_demo(practice, tmp_path / "data" / "CareCoord Desktop" / "demo")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    done = subprocess.run(
        [sys.executable, "-c", QUIT_AT_SIGN_IN], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "exit 0 warm-up stopped"
