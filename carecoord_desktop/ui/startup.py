"""A half-second start: the sign-in window shows after importing only Qt and itself; the rest of the app
(SQLAlchemy, Alembic, pydantic models, the services, the main window) is imported in a background thread
while the person types their password.

`first_paint` tells `observers` (the start-up benchmark) and the log when a window has first been painted.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
STARTED = time.monotonic()  # this module is imported first thing by the app bootstrap

# What signing in and the main window need, most urgent first (the sign-in itself needs services.auth).
WARM_UP = (
    "carecoord_desktop.services.auth",
    "sqlalchemy.dialects.sqlite",  # imported by SQLAlchemy itself when the vault's engine is first made
    "pwd",  # the vault lock names its holder
    "phonenumbers.data.region_US",  # the panel's phone column, loaded on its first use
    "carecoord_desktop.services.patients",
    "carecoord_desktop.ui.main_window",
    "carecoord_desktop.ui.dialogs.change_password",
    "carecoord_desktop.ui.today.today_page",
    "carecoord_desktop.ui.panel.patients_area",
    "carecoord_desktop.ui.chart.record_sections",
    "carecoord_desktop.ui.chart.history_section",
)

observers: list[Callable[[str, QWidget], None]] = []


class WarmUp:
    """Imports `WARM_UP` in a background thread (a module the UI thread needs sooner is simply imported there:
    Python's import lock makes the two wait for each other, never import twice). Then, on the UI thread a few
    classes per turn of the event loop, it makes the Python classes of Qt's enums: PySide6 makes each the first
    time it is used, about a millisecond each, and the main window's first build uses over a hundred. Only the
    UI thread makes them, so no enum class is ever made twice by two threads at once."""

    STEP_SECONDS = 0.004  # the longest the UI thread is kept from a key press

    def __init__(self, modules: tuple[str, ...] = WARM_UP) -> None:
        self.modules = modules
        self.done = threading.Event()
        self.seconds = 0.0
        self._imported = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._timer: QTimer | None = None
        self._classes: list[type] | None = None
        self._started = 0.0

    def start_once(self) -> None:
        """Call on the UI thread."""
        if self._thread is not None:
            return
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._import_all, name="carecoord-warm-up", daemon=True)
        self._thread.start()
        self._timer = QTimer()
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._make_enums)
        self._timer.start()

    def _import_all(self) -> None:
        try:
            for name in self.modules:
                if self._stopping.is_set():
                    break
                importlib.import_module(name)
        except Exception:  # the UI thread imports it again when needed, and reports the failure there
            log.exception("Warming up failed")
        finally:
            self._imported.set()

    def stop(self) -> None:
        """Call when the app has closed: lets the import under way finish and starts no other, so the
        interpreter never shuts down under a thread that is still importing (the frozen app crashed so when
        the sign-in window was closed at once)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
        if self._timer is not None:  # a Qt object must go before the application does
            self._timer.stop()
            self._timer = None

    def _make_enums(self) -> None:
        if not self._imported.is_set():
            return
        if self._classes is None:
            from PySide6 import QtCore, QtGui, QtWidgets

            self._classes = [
                kind
                for module in (QtCore, QtGui, QtWidgets)
                for name in dir(module)
                if isinstance(kind := getattr(module, name, None), type)
            ]
        deadline = time.perf_counter() + self.STEP_SECONDS
        while self._classes and time.perf_counter() < deadline:
            kind = self._classes.pop()
            for name in dir(kind):
                if name[:1].isupper():
                    with contextlib.suppress(Exception):
                        getattr(kind, name)
        if not self._classes and self._timer is not None:
            self._timer.stop()
            self.seconds = time.monotonic() - self._started
            self.done.set()


warm_up = WarmUp()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, name: str, then: Callable[[], None] | None) -> None:
        super().__init__(widget)
        self.widget, self.name, self.then = widget, name, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: at interpreter exit Python may clear this object before Qt stops calling it
        if watched is getattr(self, "widget", None) and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)  # after this paint has reached the screen
        return False

    def _painted(self) -> None:
        log.info("%s window shown %.0f ms after start", self.name, (time.monotonic() - STARTED) * 1000)
        for observer in list(observers):
            observer(self.name, self.widget)
        if self.then is not None:
            self.then()
        self.deleteLater()


def first_paint(widget: QWidget, name: str, then: Callable[[], None] | None = None) -> None:
    """Say (to the log and `observers`) when `widget` has first been painted; after them, run `then`."""
    _FirstPaint(widget, name, then)
