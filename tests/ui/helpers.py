"""Small helpers shared by the UI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery, PanelRow
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.signin.signin_window import SignInWindow


def sign_in_through_window(qtbot: QtBot, path: Path, username: str, password: str) -> Session:
    window = SignInWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.username, username)
    qtbot.keyClicks(window.password, password)
    with qtbot.waitSignal(window.signed_in, timeout=10_000) as blocker:
        qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def open_main(qtbot: QtBot, session: Session, **kw: object) -> MainWindow:
    window = MainWindow(session, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    return window


def everyone(session: Session) -> list[PanelRow]:
    """Every patient the session may see, in the panel's default (name) order."""
    return patients.panel_page(session, PanelQuery(PanelFilter()), limit=1000)


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Pick an entry the way a keyboard user does: focus the box, type the start of its text."""
    combo.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 20)  # a fresh type-ahead search
    qtbot.keyClicks(combo, text.split()[0])  # a space would open the drop-down list
    assert combo.currentText() == text


def failing(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, error: UserError
) -> list[dict[str, object]]:
    """Make `owner.name` raise `error`, as a service does when it refuses or the disk fails.

    Returns the keyword arguments of each call, to see how often the UI asked.
    """
    calls: list[dict[str, object]] = []

    def fail(*_args: object, **kw: object) -> None:
        calls.append(kw)
        raise error

    monkeypatch.setattr(owner, name, fail)
    return calls
