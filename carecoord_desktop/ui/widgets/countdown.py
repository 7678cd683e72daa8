"""The wait after repeated wrong passwords, counted down on screen (sign-in window and lock screen)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class Countdown(QObject):
    """Whole seconds left to wait, counted down once a second; `changed(seconds)` at the start and each tick."""

    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seconds = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(lambda: self.start(self.seconds - 1))

    def start(self, seconds: int) -> None:
        self.seconds = max(0, seconds)
        if self.seconds:
            self._timer.start()
        else:
            self._timer.stop()
        self.changed.emit(self.seconds)
