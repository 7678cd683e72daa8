"""Run in a child process with QT_SCALE_FACTOR set: open every area for each user and print what does not fit
(one line per problem; nothing when all fits). Argument: the vault, then username=password pairs."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from carecoord_desktop.services import auth
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.theme import apply_theme


def scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: it may lie outside the window and be scrolled to."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def problems(window: MainWindow, where: str) -> list[str]:
    found = []
    screen = window.screen().availableGeometry()
    if not screen.contains(window.frameGeometry()):
        found.append(
            f"{where}: window {window.frameGeometry().getRect()} leaves the screen {screen.getRect()}"
        )
    inside = QRect(0, 0, window.width(), window.height())
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(rect):
            found.append(
                f"{where}: {widget.objectName() or type(widget).__name__} is cut off at {rect.getRect()}"
            )
    return found


def main() -> None:
    app = QApplication(sys.argv[:1])
    apply_theme(app)
    vault = Path(sys.argv[1])
    for pair in sys.argv[2:]:
        username, password = pair.split("=", 1)
        window = MainWindow(auth.sign_in(vault, username, password))
        window.show()
        for spec in window.permitted:
            window.show_area(spec.key)
            for _ in range(10):
                app.processEvents()
            for line in problems(window, f"{username}/{spec.key}"):
                print(line)
        window.sign_out()


if __name__ == "__main__":
    main()
