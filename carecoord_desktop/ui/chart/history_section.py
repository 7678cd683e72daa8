"""The History tab: who changed what and when, read (and audited) only when the tab is first shown."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import Chart, HistoryEntry
from carecoord_desktop.ui.chart.formatting import history_value, words
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.dates import format_date, format_stamp, parse_stamp


class HistorySection(ChartSection):
    """Newest first; at the end, what the chart says happened before it was created here (a risk tier set
    earlier), so the oldest line is not a bare "Chart created" that contradicts the Summary."""

    key: ClassVar[str] = "history"
    title: ClassVar[str] = "Histor&y"
    lazy: ClassVar[bool] = True

    def build_read_page(self) -> QWidget:
        table = self.table = QTableWidget(0, 5)
        table.setObjectName("historyTable")
        table.setAccessibleName("Chart history")
        table.setHorizontalHeaderLabels(["When", "Who", "What changed", "Before", "After"])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.verticalHeader().hide()
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in enumerate((22, 12, 34, 34)):
            table.setColumnWidth(column, chars * char)
        return table

    def load(self, chart: Chart) -> None:
        clock = self.context.clock
        try:
            entries = patients.history(self.context.session, chart.id)
        except UserError as exc:
            self.table.setRowCount(1)
            self.table.setItem(0, 0, QTableWidgetItem(exc.message))
            return
        rows: list[tuple[str, str, str, str, str]] = []
        for entry in entries:
            when = format_stamp(entry.changed_at, clock)
            if not entry.changes:
                rows.append((when, entry.changed_by, "Chart created", "", ""))
            for change in entry.changes:
                rows.append(
                    (
                        when,
                        entry.changed_by,
                        change.label,
                        history_value(change.old, clock),
                        history_value(change.new, clock),
                    )
                )
        rows += self._earlier_facts(chart, entries)
        self.table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    def _earlier_facts(
        self, chart: Chart, entries: list[HistoryEntry]
    ) -> list[tuple[str, str, str, str, str]]:
        risk = chart.patient.clinical.risk_tier if chart.clinical_visible else None
        created = parse_stamp(entries[-1].changed_at) if entries else None
        changed_later = any(c.path.startswith("clinical.risk_tier") for e in entries for c in e.changes)
        if risk is None or created is None or changed_later:
            return []
        if risk.set_on >= self.context.clock.local(created).date():
            return []
        who = chart.staff_names.get(risk.set_by, "") if risk.set_by is not None else ""
        return [
            (
                format_date(risk.set_on),
                who,
                "Risk tier set (before the chart was created here)",
                "",
                f"{words(risk.tier)} — {risk.reason}",
            )
        ]
