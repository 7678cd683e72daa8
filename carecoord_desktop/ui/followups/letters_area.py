"""The Follow-ups area: every open follow-up whose window has started (or starts soon), to tick and write
recall and reminder letters for (a batch PDF and a mailing list, built in a worker with progress and cancel),
and the practice's appointments of a date range exported to its calendar. A row opens the patient's chart.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.validation import parse_date_text
from carecoord_desktop.services import calendar_export, followups, recall_letters
from carecoord_desktop.services.followups import WorklistRow
from carecoord_desktop.services.recall_letters import LetterBatch
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout
from carecoord_desktop.ui.workers import JobControl, Task, start_job

COLUMNS = ("", "Window", "Patient", "MRN", "Follow-up", "State", "Owner")
LOOK_AHEAD_DAYS = 14
JOB_KEY = "recall-letters"


def _line(name: str, accessible: str, text: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText("MM/DD/YYYY")
    edit.setMaximumWidth(130)
    return edit


class FollowUpLettersArea(QWidget):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("followUpLettersArea")
        self.session, self.host = session, host
        self.rows: list[WorklistRow] = []
        self.task: Task | None = None
        self.batch: LetterBatch | None = None
        layout = page_layout(
            self,
            "Follow-ups, letters and calendar",
            f"Open follow-ups whose window starts in the next {LOOK_AHEAD_DAYS} days or has started. Tick "
            "the ones to write to: a recall asks the patient to book, a reminder confirms a booked visit, each "
            "in the patient's language. Patients who asked not to get mail, or have no address, get none.",
        )
        self.notice = Notice("followUpLettersNotice")
        layout.addWidget(self.notice)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("followUpLettersTable")
        self.table.setAccessibleName("Open follow-ups")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        layout.addWidget(self.table, 1)

        letters = QHBoxLayout()
        self.write_button = QPushButton("Write letters…")
        self.write_button.setObjectName("followUpLettersWrite")
        self.write_button.clicked.connect(self.write_letters)
        self.progress = QProgressBar()
        self.progress.setObjectName("followUpLettersProgress")
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("followUpLettersCancel")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        letters.addWidget(self.write_button)
        letters.addWidget(self.progress, 1)
        letters.addWidget(self.cancel_button)
        letters.addStretch(1)
        layout.addLayout(letters)

        export = QHBoxLayout()
        today = session.clock.today()
        self.export_from = _line("calendarFrom", "First day", format_date(today))
        self.export_to = _line("calendarTo", "Last day", format_date(today + timedelta(days=30)))
        self.export_button = QPushButton("Export to calendar…")
        self.export_button.setObjectName("calendarExport")
        self.export_button.clicked.connect(self.export)
        export.addWidget(QLabel("Appointments from"))
        export.addWidget(self.export_from)
        export.addWidget(QLabel("to"))
        export.addWidget(self.export_to)
        export.addWidget(self.export_button)
        export.addStretch(1)
        layout.addLayout(export)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        through = self.session.clock.today() + timedelta(days=LOOK_AHEAD_DAYS)
        try:
            self.rows = followups.worklist(self.session, through)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        today = self.session.clock.today()
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            f = row.record.follow_up
            tick = QTableWidgetItem()
            tick.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            )
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(index, 0, tick)
            window = f"{format_date(f.due_from)} – {format_date(f.due_to)}"
            if row.record.overdue(today):
                window += " (overdue)"
            for column, text in enumerate(
                (window, row.patient_name, row.mrn, f.reason, row.record.state.label, row.record.owner_label),
                1,
            ):
                self.table.setItem(index, column, QTableWidgetItem(text))

    def ticked(self) -> list[int]:
        return [
            self.rows[i].record.id
            for i in range(self.table.rowCount())
            if (item := self.table.item(i, 0)) is not None and item.checkState() is Qt.CheckState.Checked
        ]

    def tick(self, *indexes: int) -> None:
        for index in indexes:
            item = self.table.item(index, 0)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def open_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.host.open_chart(self.rows[index].record.patient_id)

    # -- letters -----------------------------------------------------------------------------------
    def write_letters(self) -> Task | None:
        """Build the batch in a worker; a second click while it runs starts nothing."""
        chosen = self.ticked()
        if not chosen:
            self.notice.say("Tick the follow-ups to write to first.", error=True)
            return None
        session = self.session

        def work(job: JobControl) -> LetterBatch:
            return recall_letters.build_batch(session, chosen, progress=job.report, check=job.check)

        self.task = start_job(
            work,
            self._built,
            self._failed,
            key=JOB_KEY,
            on_progress=self._progress,
            on_cancelled=self._cancelled,
        )
        if self.task is not None:
            self._busy(True)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.write_button.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)

    def _progress(self, stage: str, fraction: float) -> None:
        self.progress.setFormat(stage)
        self.progress.setValue(int(fraction * 100))

    def _failed(self, exc: UserError) -> None:
        self._busy(False)
        self.task = None
        self.notice.say(exc.message, error=True)

    def _cancelled(self) -> None:
        self._busy(False)
        self.task = None
        self.notice.say("Cancelled: no letter was written.")

    def _built(self, batch: LetterBatch) -> None:
        self._busy(False)
        self.task = None
        self.batch = batch
        name, _ = QFileDialog.getSaveFileName(self, "Save the letters", "recall-letters.pdf", "PDF (*.pdf)")
        if name:
            self.save_batch(Path(name))
        else:
            self.notice.say("Not saved: no letter was written.")

    def save_batch(self, pdf_path: Path) -> None:
        """The batch PDF where chosen and its mailing list beside it (same name, .csv)."""
        batch = self.batch
        if batch is None:
            return
        csv_path = pdf_path.with_suffix(".csv")
        try:
            saved = recall_letters.save_batch(self.session, batch, pdf_path, csv_path)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.batch = None
        skipped = (
            f" {len(batch.skipped)} got none: " + "; ".join(s.why for s in batch.skipped)
            if batch.skipped
            else ""
        )
        self.notice.say(f"{saved} letters saved to {pdf_path.name}, mailing list {csv_path.name}.{skipped}")
        self.reload()

    # -- calendar ----------------------------------------------------------------------------------
    def _range(self) -> tuple[date, date]:
        today = self.session.clock.today()
        first = parse_date_text(self.export_from.text(), today)
        last = parse_date_text(self.export_to.text(), today)
        if first is None or last is None:
            raise ValidationFailed("Enter both days as MM/DD/YYYY.")
        return first, last

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export to calendar", "appointments.ics", "iCalendar (*.ics)"
        )
        if name:
            self.export_range(Path(name))

    def export_range(self, path: Path) -> None:
        try:
            first, last = self._range()
            result = calendar_export.export_range(self.session, first, last, path)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.notice.say(
            f"{result.appointments} appointments of {result.patients} patients saved to {path.name} "
            "(initials and MRN only)."
        )
