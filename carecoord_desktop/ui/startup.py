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
    "carecoord_desktop.ui.home",
    "carecoord_desktop.ui.panel.patients_area",
    "carecoord_desktop.ui.chart.record_sections",
    "carecoord_desktop.ui.chart.history_section",
)

observers: list[Callable[[str, QWidget], None]] = []


class WarmUp(threading.Thread):
    """Imports `WARM_UP` off the UI thread; a module the UI thread needs sooner is simply imported there
    (Python's import lock makes the two wait for each other, never import twice)."""

    def __init__(self, modules: tuple[str, ...] = WARM_UP) -> None:
        super().__init__(name="carecoord-warm-up", daemon=True)
        self.modules = modules
        self.done = threading.Event()
        self.seconds = 0.0
        self._lock = threading.Lock()

    def start_once(self) -> None:
        with self._lock:
            if self.ident is None:
                self.start()

    def run(self) -> None:
        start = time.monotonic()
        try:
            for name in self.modules:
                importlib.import_module(name)
            _create_qt_enums()
        except Exception:  # the UI thread imports it again when needed, and reports the failure there
            log.exception("Warming up failed")
        finally:
            self.seconds = time.monotonic() - start
            self.done.set()


def _create_qt_enums() -> None:
    """PySide6 makes each Qt enum's Python class the first time it is used, about a millisecond each; the
    main window's first build uses over a hundred. Making them all here takes that off the Enter path."""
    from PySide6 import QtCore, QtGui, QtWidgets

    for module in (QtCore, QtGui, QtWidgets):
        for class_name in dir(module):
            kind = getattr(module, class_name, None)
            if isinstance(kind, type):
                for name in dir(kind):
                    if name[:1].isupper():
                        with contextlib.suppress(Exception):
                            getattr(kind, name)


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
