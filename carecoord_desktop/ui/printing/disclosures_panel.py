"""The chart's Disclosures tab: every print and save of this patient's documents, newest first, and the
accounting of disclosures for a date range (only what 164.528 requires, or all of them for the practice)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import disclosures
from carecoord_desktop.services.disclosures import Disclosure, Period
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.printing.document_window import open_document
from carecoord_desktop.ui.printing.recipient_fields import PURPOSES, RECIPIENTS
from carecoord_desktop.ui.widgets.notice import Notice

COLUMNS = ("When", "By", "Document", "Recipient", "Purpose", "How", "Pages", "In accounting")
DOCUMENT_NAMES = {"summary": "Patient summary", "accounting": "Accounting of disclosures"}


def _cells(d: Disclosure) -> tuple[str, ...]:
    row = d.row
    recipient = next(label for kind, label in RECIPIENTS.items() if kind.value == row.recipient_kind)
    if row.recipient_name:
        recipient = f"{row.recipient_name} ({recipient.lower()})"
    purpose = next(label for kind, label in PURPOSES.items() if kind.value == row.purpose)
    if row.purpose_text:
        purpose = f"{purpose}: {row.purpose_text}"
    document = DOCUMENT_NAMES.get(row.document, row.document)
    if row.clinical:
        document += " (with clinical content)"
    return (
        d.at.strftime("%m/%d/%Y %I:%M %p"),
        row.staff_name,
        document,
        recipient,
        purpose,
        "Printed" if row.delivery == "print" else "Saved as PDF",
        str(row.page_count),
        "Yes" if d.required else "No",
    )


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class DisclosuresPanel(QWidget):
    def __init__(self, session: Session, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disclosuresPanel")
        self.session = session
        self.patient_id = patient_id
        self.loaded = False
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("disclosuresTable")
        self.table.setAccessibleName("Disclosures")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel("Nothing from this chart has been printed or saved yet.")
        self.empty.setObjectName("disclosuresEmpty")
        self.empty.setProperty("hint", True)
        self.notice = Notice("disclosuresNotice")

        period = disclosures.default_period(session)
        self.since = QDateEdit(QDate(period.since.year, period.since.month, period.since.day))
        self.since.setObjectName("accountingSince")
        self.since.setAccessibleName("Accounting from")
        self.until = QDateEdit(QDate(period.until.year, period.until.month, period.until.day))
        self.until.setObjectName("accountingUntil")
        self.until.setAccessibleName("Accounting to")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
        self.show_all = QCheckBox("Show &all (the practice's own review)")
        self.show_all.setObjectName("accountingShowAll")
        self.print_accounting = QPushButton("Print accountin&g of disclosures…")
        self.print_accounting.setObjectName("printAccounting")
        self.print_accounting.clicked.connect(self.open_accounting)
        self.windows: list[QWidget] = []

        accounting = QHBoxLayout()
        accounting.addWidget(QLabel("From"))
        accounting.addWidget(self.since)
        accounting.addWidget(QLabel("to"))
        accounting.addWidget(self.until)
        accounting.addWidget(self.show_all)
        accounting.addStretch(1)
        accounting.addWidget(self.print_accounting)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(accounting)

    def showEvent(self, event: object) -> None:
        if not self.loaded:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        self.loaded = True
        try:
            found = disclosures.patient_disclosures(self.session, self.patient_id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.notice.hide()
        self.empty.setVisible(not found)
        self.table.setRowCount(len(found))
        for r, disclosure in enumerate(found):
            for c, value in enumerate(_cells(disclosure)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeRowsToContents()

    def accounting_request(self) -> PrintRequest:
        period = Period(_day(self.since), _day(self.until))
        return PrintRequest(
            "accounting", self.patient_id, options={"period": period, "show_all": self.show_all.isChecked()}
        )

    def open_accounting(self) -> QWidget | None:
        request = self.accounting_request()
        try:
            disclosures.check_period(request.options["period"])
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return None
        return open_document(self, self.session, request, self.refresh)
