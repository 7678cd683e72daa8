"""Small helpers shared by the UI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

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
