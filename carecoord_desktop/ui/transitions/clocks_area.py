"""The TCM clocks area: every open clock of a recent discharge, due today first, then overdue, then coming up.

Opening a row (double click or Enter) opens the patient's chart. The list is read again each time the area
is shown (one audited read).
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.transitions import ClockStatus
from carecoord_desktop.services import transitions_worklist
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.transitions_worklist import ClockRow
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.chart.transition_views import STATUS_COLOURS
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

COLUMNS = ("Status", "Due", "Clock", "Patient", "MRN", "Discharge", "Facility", "Coordinator")


def _cells(row: ClockRow) -> tuple[str, ...]:
    return (
        row.status.label,
        format_date(row.due_on),
        row.clock.label,
        row.patient_name,
        row.mrn,
        f"{row.stay_kind.label}, {format_date(row.discharged_on)}",
        row.facility_name,
        row.coordinator_name or "",
    )


class TcmClocksArea(QWidget):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("tcmClocksArea")
        self.session, self.host = session, host
        self.rows: list[ClockRow] = []
        layout = page_layout(
            self,
            "TCM clocks",
            "Open transitional-care deadlines of recent discharges: interactive contact within 2 business days, "
            "the face-to-face visit by day 7 or 14, medication reconciliation by day 30.",
        )
        bar = QHBoxLayout()
        self.mine = QCheckBox("Only &my patients")
        self.mine.setObjectName("tcmClocksMine")
        self.mine.toggled.connect(self.reload)
        self.summary = QLabel()
        self.summary.setObjectName("tcmClocksSummary")
        refresh = QPushButton("&Refresh")
        refresh.setObjectName("tcmClocksRefresh")
        refresh.clicked.connect(self.reload)
        bar.addWidget(self.mine)
        bar.addWidget(self.summary, 1)
        bar.addWidget(refresh)
        layout.addLayout(bar)
        self.notice = Notice("tcmClocksNotice")
        layout.addWidget(self.notice)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("tcmClocksTable")
        self.table.setAccessibleName("Open TCM clocks")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellActivated.connect(lambda row, _column: self.open_row(row))
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        layout.addWidget(self.table, 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # the clocks move with the day and with work done elsewhere

    def reload(self) -> None:
        try:
            self.rows = transitions_worklist.open_clocks(self.session, mine_only=self.mine.isChecked())
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            for column, text in enumerate(_cells(row)):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setForeground(QBrush(QColor(STATUS_COLOURS[row.status])))
                self.table.setItem(index, column, item)
        today = sum(r.status is ClockStatus.DUE_TODAY for r in self.rows)
        overdue = sum(r.status is ClockStatus.OVERDUE for r in self.rows)
        self.summary.setText(f"{today} due today · {overdue} overdue · {len(self.rows)} open")

    def open_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.host.open_chart(self.rows[index].patient_id)
