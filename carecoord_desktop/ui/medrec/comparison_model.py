"""The comparison as a table: one row per line (the medicine), its entry on the current list and on each
source, what the engine found, and the nurse's decision so far."""

from __future__ import annotations

import textwrap
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from carecoord_desktop.domain.med_comparison import ComparisonLine, SourceKind
from carecoord_desktop.domain.medications import Medication
from carecoord_desktop.domain.reconciliation import LineDecision
from carecoord_desktop.services.reconciliation import ReconciliationView
from carecoord_desktop.ui.models.table_model import TableModel

Index = QModelIndex | QPersistentModelIndex
NOT_LISTED = "—  not listed"
_HIGH_ALERT = QColor("#b3261e")
_UNRESOLVED = QColor("#fff4d6")
_RESOLVED = QColor("#e9f5ee")


def source_title(kind: SourceKind) -> str:
    """A source's kind as a heading: "Pill bottles", "Practice EHR list"."""
    return kind.label[:1].upper() + kind.label[1:]


def said(medication: Medication | None) -> str:
    return NOT_LISTED if medication is None else medication.summary


def decision_text(decision: LineDecision | None) -> str:
    if decision is None:
        return "To decide"
    text = decision.resolution.label
    if decision.reason:
        text += f": {decision.reason}"
    return text


class ComparisonModel(TableModel):
    """Columns: medicine, current list, one per source, findings, decision, intent, double-check."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.view: ReconciliationView | None = None
        self.headers: tuple[str, ...] = ()

    def set_view(self, view: ReconciliationView) -> None:
        self.beginResetModel()
        self.view = view
        self._rows = list(view.comparison.lines)
        sources = [
            "\n".join(textwrap.wrap(source_title(s.entry.kind), 16) + textwrap.wrap(s.entry.provided_by, 18))
            for s in view.sources
        ]
        self.headers = ("Medicine", "Current list", *sources, "Found", "Decision", "Intent", "Checked")
        self.endResetModel()

    @property
    def found_column(self) -> int:
        return len(self.headers) - 4

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def line(self, row: int) -> ComparisonLine | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return next((i for i, line in enumerate(self._rows) if line.key == key), -1)

    def _cell(self, line: ComparisonLine, column: int) -> str:
        assert self.view is not None
        sources = len(self.view.sources)
        decision = self.view.decisions.get(line.key)
        if column == 0:
            name = next(
                (m.display for m in (line.current, *line.by_source.values()) if m is not None), line.key
            )
            return ("⚠ HIGH ALERT  " if line.high_alert else "") + name
        if column == 1:
            return said(line.current)
        if 2 <= column < 2 + sources:
            return said(line.by_source.get(column - 2))
        column -= 2 + sources
        if column == 0:
            return "\n".join(f.explanation for f in line.discrepancies) or "Same on every list"
        if column == 1:
            return decision_text(decision)
        if column == 2:
            return (
                decision.intent.label
                if decision and decision.intent
                else ("—" if not line.discrepancies else "To say")
            )
        if not line.high_alert:
            return ""
        return "Double-checked" if decision and decision.double_checked else "Not yet"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line = self._row_at(index)
        if line is None or self.view is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(line, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0 and line.high_alert:
            return QBrush(_HIGH_ALERT)
        if role == Qt.ItemDataRole.BackgroundRole:
            decision = self.view.decisions.get(line.key)
            done = decision is not None and not decision.open_clarification
            return QBrush(_RESOLVED if done else _UNRESOLVED)
        return None
