"""Jobs off the UI thread: progress and cancel reach the UI; a keyed job runs once at a time."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.ui import workers
from carecoord_desktop.ui.workers import JobControl


def _on_ui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()  # type: ignore[union-attr]


def test_progress_reaches_the_ui_thread_in_order(qtbot: QtBot) -> None:
    seen: list[tuple[str, float, bool]] = []
    results: list[object] = []

    def work(job: JobControl) -> str:
        for i, stage in enumerate(("Reading", "Writing", "Checking")):
            job.report(stage, i / 3)
        return "done"

    task = workers.start_job(
        work, results.append, lambda e: None, on_progress=lambda s, f: seen.append((s, f, _on_ui_thread()))
    )
    assert task is not None
    qtbot.waitUntil(lambda: results == ["done"])
    assert [(s, round(f, 2)) for s, f, _ in seen] == [("Reading", 0.0), ("Writing", 0.33), ("Checking", 0.67)]
    assert all(on_ui for _, _, on_ui in seen)


def test_a_cancelled_job_stops_and_reports_neither_success_nor_error(qtbot: QtBot) -> None:
    started, items_done = threading.Event(), []
    outcome: list[str] = []

    def batch(job: JobControl) -> int:
        for item in range(1000):
            job.check()
            started.set()
            items_done.append(item)
            threading.Event().wait(0.005)
        return len(items_done)

    task = workers.start_job(
        batch,
        lambda _r: outcome.append("finished"),
        lambda _e: outcome.append("error"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert task is not None
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"])
    assert task.done and task.cancelled and len(items_done) < 1000


def test_a_keyed_job_is_not_started_twice(qtbot: QtBot) -> None:
    release = threading.Event()
    runs: list[int] = []
    ended: list[object] = []

    def slow(_job: JobControl) -> None:
        runs.append(1)
        release.wait(5)

    first = workers.start_job(slow, ended.append, ended.append, key="print.batch")
    second = workers.start_job(slow, ended.append, ended.append, key="print.batch")
    assert first is not None and second is None
    assert workers.in_flight("print.batch") is first
    release.set()
    qtbot.waitUntil(lambda: len(ended) == 1)
    assert runs == [1] and workers.in_flight("print.batch") is None
    again = workers.start_job(lambda _job: "again", ended.append, ended.append, key="print.batch")
    assert again is not None
    qtbot.waitUntil(lambda: ended[-1] == "again")


def test_a_user_error_goes_to_its_callback_and_frees_the_key(qtbot: QtBot) -> None:
    errors: list[str] = []

    def refuse(_job: JobControl) -> None:
        raise UserError("The printer is out of paper.")

    workers.start_job(refuse, lambda _r: None, lambda e: errors.append(e.message), key="letters")
    qtbot.waitUntil(lambda: errors == ["The printer is out of paper."])
    assert workers.in_flight("letters") is None
