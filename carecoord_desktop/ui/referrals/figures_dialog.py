"""Referral figures for a period (the same as `carecoord report referrals`); charts come with the dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
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
from carecoord_desktop.services.referral_metrics import referral_report
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import EM_DASH
from carecoord_desktop.ui.forms.fields import message_label
from carecoord_desktop.ui.referrals.referral_dialog import date_edit, pydate
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen

COLUMNS = (
    ("referrals", "Referrals"),
    ("loop_closure_rate", "Loop closed (CMS50)"),
    ("median_days_sent_to_appointment", "Days sent → visit"),
    ("median_days_appointment_to_report", "Days visit → report"),
    ("no_show_rate", "No-shows"),
    ("decline_rate", "Declines"),
    ("open_overdue_by_state", "Open, overdue"),
)


def _shown(key: str, value: Any) -> str:
    if value is None:
        return EM_DASH
    if key.endswith("_rate"):
        return f"{value:.0%}"
    if key == "open_overdue_by_state":
        return str(sum(value.values()))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class ReferralFiguresDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralFigures")
        self.setWindowTitle("Referral figures")
        self.session = session
        today = session.clock.today()
        self.start = date_edit("figuresFrom", today - timedelta(days=365))
        self.end = date_edit("figuresTo", today)
        self.show_button = QPushButton("&Show")
        self.show_button.setObjectName("figuresShow")
        self.show_button.clicked.connect(self.refresh)
        self.error = message_label("figuresError")
        self.note = QLabel(
            "Loop closed: the first referral per patient made by 31 October, with its report back (CMS50). "
            "Rows: the whole period, then each specialty, coordinator and month."
        )
        self.note.setWordWrap(True)
        self.note.setProperty("hint", True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("figuresTable")
        self.table.setHorizontalHeaderLabels([title for _key, title in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        period = QHBoxLayout()
        for label, widget in (("From", self.start), ("to", self.end)):
            period.addWidget(QLabel(label))
            period.addWidget(widget)
        period.addWidget(self.show_button)
        period.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        fit_to_screen(self, 1000, 600)
        self.refresh()

    def refresh(self) -> bool:
        try:
            report = referral_report(self.session, pydate(self.start.date()), pydate(self.end.date()))
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return False
        self.error.hide()
        rows: list[tuple[str, dict[str, Any]]] = [("All referrals", report["overall"])]
        for section, prefix in (("by_specialty", ""), ("by_coordinator", "Coordinator: "), ("by_month", "")):
            rows += [(prefix + name, figures) for name, figures in report[section].items()]
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([name for name, _figures in rows])
        for row, (_name, figures) in enumerate(rows):
            for column, (key, _title) in enumerate(COLUMNS):
                self.table.setItem(row, column, QTableWidgetItem(_shown(key, figures[key])))
        return True
