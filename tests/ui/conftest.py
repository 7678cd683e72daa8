"""UI fixtures: an isolated profile (config, data and log folders), the app theme, no leaked workers;
and for the patient tests, a practice with a panel and the windows and areas that show it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import auth, synthetic_practice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.app_config import WorkstationConfig
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from carecoord_desktop.ui.theme import apply_theme
from tests.conftest import make_practice, sign_in
from tests.ui.helpers import open_main


@pytest.fixture(autouse=True)
def isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "profile"
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.fixture(scope="session")
def themed_app(qapp: QApplication) -> QApplication:
    apply_theme(qapp)
    return qapp


@pytest.fixture(autouse=True)
def themed(themed_app: QApplication) -> Iterator[None]:
    yield
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def config(tmp_path: Path) -> WorkstationConfig:
    return WorkstationConfig(tmp_path / "workstation.json")


@pytest.fixture
def filled(vault_path: Path) -> Path:
    """A synthetic practice with 300 patients, split between Nina and a second coordinator."""
    admin = make_practice(vault_path, synthetic=True)
    synthetic_practice.fill(admin, 300, seed=7)
    auth.sign_out(admin)
    return vault_path


@pytest.fixture
def nina(filled: Path) -> Iterator[Session]:
    """Nina (nurse coordinator) signed in to the filled practice, without a window."""
    session = sign_in(filled, "nina")
    yield session
    session.vault.close()


@pytest.fixture
def nina_window(qtbot: QtBot, filled: Path) -> Iterator[MainWindow]:
    """The main window, Nina signed in to the filled practice."""
    window = open_main(qtbot, sign_in(filled, "nina"))
    yield window
    window.close()


@pytest.fixture
def show_patients(qtbot: QtBot) -> Callable[[Session], PatientsArea]:
    """Shows the Patients area on its own for a session, once its panel has rows."""

    def show(session: Session) -> PatientsArea:
        area = PatientsArea(session)
        qtbot.addWidget(area)
        area.resize(1300, 800)
        area.show()
        qtbot.waitUntil(lambda: area.panel.model.rowCount() > 0)
        return area

    return show


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns whenever a top-level window's size constraints change.
    for item in items:
        if "tests/ui" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)"))
