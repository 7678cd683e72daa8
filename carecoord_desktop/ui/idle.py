"""Auto-lock: an application-wide event filter restarts a timer on every key press and mouse action."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._installed = False

    def start(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        if not self._installed:
            self._installed = True
            # Watching starts once the window is up: not every event of building it (tens of ms) passes here.
            QTimer.singleShot(0, self, self._install)
        self.timer.start()

    def _install(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.installEventFilter(self)

    def stop(self) -> None:
        self.timer.stop()
        if self._installed:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
