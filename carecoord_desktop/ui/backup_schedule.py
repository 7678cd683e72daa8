"""Backups while the window is open: on the practice's schedule in a worker, and before signing out or closing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from carecoord_desktop.domain.backup_policy import BackupEvent
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import backup
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.workers import Task, run_in_worker

CHECK_EVERY_MS = 15 * 60 * 1000  # how often the schedule is looked at while the app is open


class BackupSchedule(QObject):
    """Owned by the main window. `status` reports the status-bar line after a scheduled backup."""

    status = Signal(str, bool)

    def __init__(self, window: QWidget, other_tasks: Callable[[], list[Task | None]]) -> None:
        super().__init__(window)
        self.window = window
        self._other_tasks = other_tasks  # backup work started elsewhere (the Backups area)
        self.session: Session | None = None
        self.task: Task | None = None
        self.paused = False  # while the window is locked
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.run_if_due)

    def start(self, session: Session) -> None:
        self.session = session
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.session = None

    def running(self) -> list[Task]:
        tasks = [self.task, *self._other_tasks()]
        return [task for task in tasks if task is not None and not task.done]

    def run_if_due(self) -> None:
        """Back up in a worker when the schedule says so. One backup of a vault at a time: while one runs,
        this turn is skipped."""
        session = self.session
        if session is None or self.paused or self.running():
            return

        def still_here() -> bool:  # the window may be closing or gone by the time the worker reports
            return shiboken6.isValid(self) and self.session is session

        def done(outcome: Any) -> None:
            if outcome is not None and still_here():
                self.status.emit(*backup.last_backup_status(session))

        def failed(exc: UserError) -> None:
            if still_here():
                self.status.emit(f"The scheduled backup failed: {exc.message}", True)

        self.task = run_in_worker(lambda: backup.run_scheduled_backup(session, "timer"), done, failed)

    def _dialog(self, text: str, name: str, maximum: int) -> QProgressDialog:
        """A window-modal progress dialog without Cancel (maximum 0: busy, no percentage)."""
        dialog = QProgressDialog(text, "", 0, maximum, self.window)
        dialog.setObjectName(name)
        dialog.setWindowTitle("Backup")
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(300)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return dialog

    def _wait_for_running(self) -> None:
        """Let running backup work finish (it uses the session), behind a modal dialog."""
        if not self.running():
            return
        dialog = self._dialog("Finishing the backup that is running…", "waitingBackupProgress", 0)
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(50)
        poll.timeout.connect(lambda: None if self.running() else loop.quit())
        poll.start()
        loop.exec()
        poll.stop()
        dialog.close()

    def before_leaving(self, session: Session, event: BackupEvent) -> None:
        """Sign-out and close: wait for backup work still running, then back up when the policy asks for it.

        A backup that finished while we waited counts as the one before leaving. A failure warns but never
        traps the user.
        """
        self.stop()
        try:
            if self.running():
                before = backup.last_good_backup(session)
                self._wait_for_running()
                if backup.last_good_backup(session) != before:
                    return
            if not backup.backup_due(session, event):
                return
            dialog = self._dialog("Backing up before you leave…", "leavingBackupProgress", 100)

            def progress(stage: str, fraction: float) -> None:
                dialog.setLabelText(stage)
                dialog.setValue(int(fraction * 100))
                QApplication.processEvents()

            backup.run_scheduled_backup(session, event, progress=progress)
            dialog.close()
        except UserError as exc:
            QMessageBox.warning(
                self.window, "Backup not made", f"The backup before leaving failed: {exc.message}"
            )
