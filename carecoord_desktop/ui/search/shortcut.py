"""Make a window-wide shortcut win over text fields that would otherwise claim the same keys.

On Linux, Ctrl+K in a QLineEdit means "delete to the end of the line", so the line edit accepts the
shortcut-override event and a window shortcut on Ctrl+K never fires while a field has focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class WindowShortcutWins(QObject):
    def __init__(self, window: QWidget, sequence: QKeySequence) -> None:
        super().__init__(window)
        self.window = window
        self.sequence = sequence
        # Qt removes the filter when this object (a child of the window) goes. Installed once the window is
        # up, so the events of building it do not pass through Python here.
        QTimer.singleShot(0, self, self._install)

    def _install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget):
            assert isinstance(event, QKeyEvent)
            pressed = QKeySequence(event.keyCombination())
            if pressed.matches(self.sequence) == QKeySequence.SequenceMatch.ExactMatch and (
                watched.window() is self.window
            ):
                event.ignore()
                return True  # not claimed by the field: the window's action gets it
        return False
