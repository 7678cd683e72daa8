"""Slow work (key derivation, backups, print batches, imports) off the UI thread, in the global QThreadPool.

A job reports progress and notices a cancel through the `JobControl` it is handed; its callbacks run on
the UI thread. A job started with a `key` runs once at a time: a second click while it runs starts nothing.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from carecoord_desktop.domain.errors import UserError

log = logging.getLogger(__name__)
_running: set[Task] = set()
_in_flight: dict[str, Task] = {}


class Cancelled(Exception):
    """The person cancelled the job: not an error, nothing to report."""


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(str, float)  # stage ("Writing the backup"), fraction done 0..1


class JobControl:
    """What a job's work gets: `report(stage, fraction)` (the services' progress callback) and a cancel flag."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, stage: str, fraction: float) -> None:
        self._signals.progress.emit(stage, fraction)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Stop here (raise Cancelled) if the person asked to cancel; call between items of a batch."""
        if self._cancel.is_set():
            raise Cancelled


class Task(QRunnable):
    """Runs `work(control)` in a pool thread; reports back on the UI thread through queued signals."""

    def __init__(self, work: Callable[[JobControl], Any], key: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self.key = key
        self.signals = _Signals()
        self.control = JobControl(self.signals)
        self.done = False

    def cancel(self) -> None:
        self.control._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self.control.cancelled

    def run(self) -> None:
        try:
            result = self._work(self.control)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def report_bug(exc: BaseException) -> None:
    """A failure that is not a UserError is a bug: send it to the crash handler."""
    sys.excepthook(type(exc), exc, exc.__traceback__)


def start_job(
    work: Callable[[JobControl], Any],
    on_success: Callable[[Any], None],
    on_user_error: Callable[[UserError], None],
    *,
    key: str = "",
    on_progress: Callable[[str, float], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
) -> Task | None:
    """Start `work`; exactly one of the callbacks runs on the UI thread when it ends.

    With a `key`, while a job of that key runs another is not started: None is returned.
    """
    if key and key in _in_flight:
        log.info("Job %s is already running; not started again", key)
        return None
    task = Task(work, key)

    def finished() -> None:
        task.done = True
        _running.discard(task)
        if key and _in_flight.get(key) is task:
            del _in_flight[key]

    def succeeded(result: Any) -> None:
        finished()
        on_success(result)

    def failed(exc: BaseException) -> None:
        finished()
        if isinstance(exc, Cancelled):
            if on_cancelled is not None:
                on_cancelled()
        elif isinstance(exc, UserError):
            on_user_error(exc)
        else:
            log.error("Background task failed with %s", type(exc).__name__)
            report_bug(exc)

    task.signals.succeeded.connect(succeeded)
    task.signals.failed.connect(failed)
    if on_progress is not None:
        task.signals.progress.connect(on_progress)
    _running.add(task)
    if key:
        _in_flight[key] = task
    QThreadPool.globalInstance().start(task)
    return task


def run_in_worker(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_user_error: Callable[[UserError], None],
    *,
    key: str = "",
) -> Task | None:
    """`start_job` for work that neither reports progress nor can be cancelled."""
    return start_job(lambda _control: work(), on_success, on_user_error, key=key)


def in_flight(key: str) -> Task | None:
    return _in_flight.get(key)


def busy() -> bool:
    return bool(_running)
