"""The audit trail (admin): filter, page through, export to CSV (itself audited), verify the hash chain."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import audit_trail
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.models.audit_log_model import AuditLogModel
from carecoord_desktop.ui.widgets.flow import FlowLayout, captioned
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

ANY = "Any"
OUTCOMES = ("ok", "failed", "refused")
EARLIEST = QDate(2000, 1, 1)
W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str, accessible: str) -> W:
    """A filter field, findable by tests (object name) and by screen readers (accessible name)."""
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def _day(edit: QDateEdit) -> date:
    """The edit's date as a `date` (QDate.toPython is typed as returning object)."""
    picked = edit.date()
    return date(picked.year(), picked.month(), picked.day())


def _utc_bound(day: date, zone: ZoneInfo) -> str:
    """Midnight at the practice, as the stored UTC text."""
    return datetime.combine(day, time.min, zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AuditViewerPage(QWidget):
    """Read (and the look recorded) only when first shown."""

    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("auditViewerPage")
        self.session = session
        self._opened = False
        self.zone = session.clock.zone
        layout = page_layout(
            self,
            "Audit trail",
            "Every sign-in, change, refusal and export, newest first. Entries are chained so that any "
            "tampering is detected by Verify chain.",
        )
        self.user = self._combo("auditUser", "User")
        self.action = self._combo("auditAction", "Action")
        self.outcome = self._combo("auditOutcome", "Outcome")
        self.outcome.addItems(OUTCOMES)
        self.patient = _named(QLineEdit(), "auditPatient", "Patient name or MRN")
        self.patient.setPlaceholderText("Name or MRN")
        self.patient.setMinimumWidth(160)
        self.patient.setMaximumWidth(220)
        self.patient_id: int | None = None  # what the patient box resolved to (audited, services)
        self.date_from = self._date("auditFrom", "From date")
        self.date_to = self._date("auditTo", "To date")
        self.apply_button = QPushButton("&Apply filters")
        self.apply_button.setObjectName("auditApply")
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply_filters)
        self.clear_button = QPushButton("C&lear")
        self.clear_button.setObjectName("auditClear")
        self.clear_button.clicked.connect(self.clear_filters)
        self.patient.returnPressed.connect(self.apply_filters)

        filters = QWidget()
        flow = FlowLayout(filters)  # wraps at a large scale rather than pushing the buttons off the screen
        fields: tuple[tuple[str, QWidget], ...] = (
            ("&User", self.user),
            ("Ac&tion", self.action),
            ("&Outcome", self.outcome),
            ("&Patient", self.patient),
            ("&From", self.date_from),
            ("T&o", self.date_to),
        )
        for caption, field in fields:
            flow.addWidget(captioned(caption, field))
        flow.addWidget(captioned("", self.apply_button))
        flow.addWidget(captioned("", self.clear_button))
        layout.addWidget(filters)

        self.message = Notice("auditMessage")
        self.model = AuditLogModel(
            session.clock, self, describe=lambda entries: audit_trail.describe(session, entries)
        )
        self.model.load_failed.connect(lambda message: self.message.say(message, error=True))
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit entries")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        time_width = self.table.fontMetrics().horizontalAdvance("00/00/0000 00:00:00 AM") + 24
        for column, width in (
            (AuditLogModel.SEQ, 52),
            (AuditLogModel.AT, time_width),
            (AuditLogModel.USER, 90),
            (AuditLogModel.ACTION, 420),  # the sentence
            (AuditLogModel.OUTCOME, 84),
            (AuditLogModel.PATIENT, 200),
            (AuditLogModel.SUBJECT, 130),
            (AuditLogModel.WORKSTATION, 100),
        ):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)

        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.count_label.setProperty("hint", True)
        self.export_button = QPushButton("&Export CSV…")
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.export_csv)
        self.verify_button = QPushButton("&Verify chain")
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.clicked.connect(self.verify_chain)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        layout.addWidget(self.message)

    # -- first show --------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened:
            self.open_viewer()

    def open_viewer(self) -> None:
        """The first look at the trail is itself recorded; if it cannot be, the entries stay hidden."""
        try:
            audit_trail.open_viewer(self.session)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self._opened = True
        self.reload_choices()
        self.apply_filters()

    @staticmethod
    def _combo(name: str, accessible: str) -> QComboBox:
        combo = _named(QComboBox(), name, accessible)
        combo.addItem(ANY)
        combo.setMinimumWidth(120)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    @staticmethod
    def _date(name: str, accessible: str) -> QDateEdit:
        edit = _named(QDateEdit(), name, accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("MM/dd/yyyy")  # the one date format (ui/dates.py)
        edit.setMinimumDate(EARLIEST)
        edit.setSpecialValueText(ANY)  # the minimum date reads "Any"
        edit.setDate(EARLIEST)
        return edit

    def reload_choices(self) -> None:
        try:
            choices = audit_trail.filter_choices(self.session)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        for combo, key in ((self.user, "username"), (self.action, "action")):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ANY)
            combo.addItems(choices[key])
            combo.setCurrentText(current if combo.findText(current) >= 0 else ANY)
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        def pick(combo: QComboBox) -> str | None:
            return None if combo.currentText() == ANY else combo.currentText()

        since = until = None
        if self.date_from.date() != EARLIEST:
            since = _utc_bound(_day(self.date_from), self.zone)
        if self.date_to.date() != EARLIEST:
            until = _utc_bound(_day(self.date_to) + timedelta(days=1), self.zone)
        patient = self.patient.text().strip()
        return AuditFilter(
            username=pick(self.user),
            action=pick(self.action),
            outcome=pick(self.outcome),
            patient_id=self.patient_id if patient else None,
            since=since,
            until=until,
        )

    def apply_filters(self) -> None:
        if not self._opened:  # the look was not recorded yet (it failed at first show): try again first
            self.open_viewer()
            return
        self.message.hide()
        self.patient_id = None
        if self.patient.text().strip():
            try:
                self.patient_id = audit_trail.patient_to_filter(self.session, self.patient.text())
            except UserError as exc:
                self.message.say(exc.message, error=True)
                return
        flt = self.current_filter()
        try:
            total = audit_trail.count(self.session, flt)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self.model.reset(
            lambda offset, limit: audit_trail.search(self.session, flt, limit=limit, offset=offset), total
        )
        self.count_label.setText(f"{total} entr{'y' if total == 1 else 'ies'}")

    def clear_filters(self) -> None:
        for combo in (self.user, self.action, self.outcome):
            combo.setCurrentIndex(0)
        self.patient.clear()
        self.date_from.setDate(EARLIEST)
        self.date_to.setDate(EARLIEST)
        self.apply_filters()

    def export_csv(self) -> None:
        suggested = Path.home() / f"audit-{self.session.clock.today().isoformat()}.csv"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export audit trail", str(suggested), "CSV files (*.csv)"
        )
        if not name:
            return
        destination = Path(name)
        try:
            rows = audit_trail.export_csv(self.session, self.current_filter(), destination)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self.reload_choices()
        self._apply_then_say(
            f"Exported {rows} entries to {destination}. The export is recorded in the audit trail."
        )

    def _apply_then_say(self, text: str, *, error: bool = False) -> None:
        """Show the entries again (the action added one), then how the action went, unless reading failed."""
        self.apply_filters()
        if self.message.isHidden():
            self.message.say(text, error=error)

    def verify_chain(self) -> None:
        try:
            report = audit_trail.verify(self.session)
        except UserError as exc:
            self.message.say(exc.message, error=True)
            return
        self._apply_then_say(report.describe(), error=not report.ok)
