"""Slow work (Argon2 key derivation, creating a vault) off the UI thread, in the global QThreadPool."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from carecoord_desktop.domain.errors import UserError

log = logging.getLogger(__name__)
_running: set[Task] = set()


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Runs `work` in a pool thread; reports back on the UI thread through queued signals."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self.signals = _Signals()
        self.done = False

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def report_bug(exc: BaseException) -> None:
    """A failure that is not a UserError is a bug: send it to the crash handler."""
    sys.excepthook(type(exc), exc, exc.__traceback__)


def run_in_worker(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_user_error: Callable[[UserError], None],
) -> Task:
    """Start `work`; exactly one of the callbacks runs on the UI thread when it ends."""
    task = Task(work)

    def finished() -> None:
        task.done = True
        _running.discard(task)

    def succeeded(result: Any) -> None:
        finished()
        on_success(result)

    def failed(exc: BaseException) -> None:
        finished()
        if isinstance(exc, UserError):
            on_user_error(exc)
        else:
            log.error("Background task failed with %s", type(exc).__name__)
            report_bug(exc)

    task.signals.succeeded.connect(succeeded)
    task.signals.failed.connect(failed)
    _running.add(task)
    QThreadPool.globalInstance().start(task)
    return task


def busy() -> bool:
    return bool(_running)
