"""The Reconciliations page of the chart's Medications tab: the patient's sessions, newest first, with
Start, Open, Correct and Print provider copy. Registered in ui/chart/medication_pages.py."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.reconciliation_outcome import SessionRecord
from carecoord_desktop.services import reconciliation, transitions
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.ui.chart.medication_pages import MedicationPage
from carecoord_desktop.ui.chart.section import ChartContext
from carecoord_desktop.ui.dates import format_date, format_stamp
from carecoord_desktop.ui.medrec.dialogs import StartDialog
from carecoord_desktop.ui.medrec.screen import ReconciliationScreen
from carecoord_desktop.ui.printing.document_window import open_document
from carecoord_desktop.ui.widgets.notice import Notice

COLUMNS = ("#", "Started", "Reason", "Discharged", "Status", "Signed by")


class ReconciliationsPage(MedicationPage):
    title: ClassVar[str] = "Reconciliations"  # no free letter left in the chart (test_keyboard_flow)

    def __init__(self, context: ChartContext) -> None:
        super().__init__(context)
        self.setObjectName("reconciliationsPage")
        self.chart: Chart | None = None
        self.patient_id: int | None = None
        self.records: list[SessionRecord] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("reconciliationList")
        self.table.setAccessibleName("Medication reconciliations")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.open_selected).setContext(
            Qt.ShortcutContext.WidgetShortcut
        )
        self.notice = Notice("reconciliationsNotice")
        self.start_button = self._button("startReconciliation", "Start reconciliation…", self.start)
        self.open_button = self._button("openReconciliation", "Open", self.open_selected)
        self.correct_button = self._button("correctReconciliation", "Correct…", self.correct)
        self.print_button = self._button("printProviderCopy", "Print provider copy…", self.print_copy)
        row = QHBoxLayout()
        for button in (self.start_button, self.open_button, self.correct_button, self.print_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(QLabel("Reconciliations compare the current list with the patient's other lists."))
        layout.addLayout(row)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def load(self, chart: Chart) -> None:
        self.chart = chart
        self.patient_id = chart.id
        session = self.context.session
        self.records = reconciliation.sessions_for_patient(session, chart.id)
        self.table.setRowCount(len(self.records))
        clock = self.context.clock
        for row, record in enumerate(self.records):
            cells = (
                str(record.id),
                format_stamp(record.stamps.created_at, clock),
                record.reason.label + (" (correction)" if record.corrects_id else ""),
                format_date(record.discharged_on) if record.discharged_on else "",
                record.status.label,
                record.signed_by_name or "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.records:
            self.table.selectRow(0)
        editable = session.can(Permission.EDIT_MEDICATIONS)
        self.start_button.setEnabled(editable)
        self.correct_button.setEnabled(editable and bool(self.records))
        self.print_button.setEnabled(session.can(Permission.PRINT_PATIENT_DOCUMENTS) and bool(self.records))
        self.open_button.setEnabled(bool(self.records))

    def selected(self) -> SessionRecord | None:
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _reload(self) -> None:
        if self.chart is not None:
            self.load(self.chart)

    def open_session(self, session_id: int) -> None:
        assert self.patient_id is not None
        screen = ReconciliationScreen(self.context.session, self.patient_id, session_id, self)
        screen.exec()
        self._reload()

    def open_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_session(record.id)

    def start(self) -> None:
        assert self.patient_id is not None
        patient_id = self.patient_id
        session = self.context.session
        self.notice.retire()
        stays = (
            transitions.list_stays(session, patient_id) if session.can(Permission.VIEW_TRANSITIONS) else []
        )
        dialog = StartDialog(stays, lambda data: reconciliation.start(session, patient_id, data), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.open_session(dialog.result_value.id)

    def correct(self) -> None:
        record = self.selected()
        if record is None or self.patient_id is None:
            return
        self.notice.retire()
        try:
            new = reconciliation.start_correction(self.context.session, self.patient_id, record.id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.open_session(new.id)

    def print_copy(self) -> None:
        record = self.selected()
        if record is None or self.patient_id is None:
            return
        if not record.signed:
            self.notice.say("Only a signed reconciliation has a provider copy: sign it first.", error=True)
            return
        request = PrintRequest("med_rec", self.patient_id, options={"session_id": record.id})
        self.print_window = open_document(self, self.context.session, request)
