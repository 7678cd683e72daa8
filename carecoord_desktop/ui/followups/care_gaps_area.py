"""The Care gaps area: what the care-gap rules propose across the practice (missed post-discharge work, open
referral loops), each with the follow-up that would close it; a coordinator accepts it (the follow-up is
created) or dismisses it with a reason. A row opens the patient's chart."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import care_gaps
from carecoord_desktop.services.care_gaps import Proposal
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

COLUMNS = ("Gap", "Patient", "MRN", "What is missing", "Proposed follow-up", "Owner", "Window")


class CareGapsArea(QWidget):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("careGapsArea")
        self.session, self.host = session, host
        self.rows: list[Proposal] = []
        layout = page_layout(
            self,
            "Care gaps",
            "Gaps the rules found (domain rules: post-discharge contact, visit and medication reconciliation; "
            "referral reports not back). Accept one to make its follow-up, or dismiss it with a reason.",
        )
        self.notice = Notice("careGapsNotice")
        layout.addWidget(self.notice)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("careGapsTable")
        self.table.setAccessibleName("Care-gap proposals")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        layout.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.accept_button = QPushButton("Accept: make the follow-up")
        self.accept_button.setObjectName("careGapAccept")
        self.accept_button.clicked.connect(self.accept)
        self.reason = QLineEdit()
        self.reason.setObjectName("careGapDismissReason")
        self.reason.setAccessibleName("Why the gap is dismissed")
        self.reason.setPlaceholderText("why dismiss (e.g. seen at another practice)")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setObjectName("careGapDismiss")
        self.dismiss_button.clicked.connect(self.dismiss)
        bar.addWidget(self.accept_button)
        bar.addWidget(self.reason, 1)
        bar.addWidget(self.dismiss_button)
        layout.addLayout(bar)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> None:
        try:
            self.rows = care_gaps.proposals(self.session)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            gap, proposal = row.gap, row.gap.proposal
            cells = (
                gap.key.rule.label,
                row.patient_name,
                row.mrn,
                gap.found,
                proposal.reason,
                proposal.owner_role.label if proposal.owner_role else "",
                f"{format_date(proposal.due_from)} – {format_date(proposal.due_to)}",
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        if self.rows:
            self.table.selectRow(0)
        has_rows = bool(self.rows)
        for widget in (self.accept_button, self.reason, self.dismiss_button):
            widget.setEnabled(has_rows)

    def _chosen(self) -> Proposal | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def accept(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            record = care_gaps.accept(self.session, chosen.gap.key)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.reload()
        self.notice.say(f"Follow-up added for {chosen.patient_name}: {record.follow_up.reason}.")

    def dismiss(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            care_gaps.dismiss(self.session, chosen.gap.key, self.reason.text())
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            self.reason.setFocus()
            return
        self.reason.clear()
        self.reload()
        self.notice.say(f"Dismissed for {chosen.patient_name}.")

    def open_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.host.open_chart(self.rows[index].gap.patient_id)
