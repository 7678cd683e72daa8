"""The patient's medication entries as a table: what it is, what for, how much, how, when, and its marks."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from carecoord_desktop.domain.medication_records import MedicationHistory
from carecoord_desktop.domain.medications import MedicationStatus
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.models.table_model import Index, TableModel
from carecoord_desktop.ui.theme import ERROR

HIGH_ALERT = "HIGH-ALERT"
UNCODED = "uncoded"


def status_text(entry: MedicationHistory) -> str:
    """ "Active", "On hold until 12/01/2026 (surgery)", "Stopped 11/20/2026 (bleeding)", "Entered in error"."""
    record = entry.record
    if record.entered_in_error is not None:
        return f"Entered in error ({record.entered_in_error.reason})"
    m = record.medication
    if m.status is MedicationStatus.ON_HOLD:
        until = f" until {format_date(m.hold_until)}" if m.hold_until else ""
        return f"On hold{until} ({m.hold_reason})"
    if m.status is MedicationStatus.STOPPED:
        return f"Stopped {format_date(m.stopped_on)} ({m.stop_reason})"
    return "Active"


class MedicationListModel(TableModel):
    MEDICINE, FOR, DOSE, ROUTE, WHEN, PRN, STATUS, CODED, ALERT = range(9)
    HEADERS = ("Medicine", "What for", "Dose", "Route", "How often", "PRN", "Status", "RxNorm", "High-alert")
    EntryRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._high_alert: frozenset[int] = frozenset()

    def set_entries(self, entries: list[MedicationHistory], high_alert: frozenset[int]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self._high_alert = high_alert
        self.endResetModel()

    def entry(self, row: int) -> MedicationHistory:
        return cast(MedicationHistory, self._rows[row])

    def row_of(self, medication_id: int) -> int:
        return next((i for i, e in enumerate(self._rows) if e.record.id == medication_id), -1)

    def text(self, entry: MedicationHistory, column: int) -> str:
        m = entry.record.medication
        if column == self.MEDICINE:
            return m.display
        if column == self.FOR:
            return m.indication or EM_DASH
        if column == self.DOSE:
            return " ".join(p for p in (m.dose, m.strength and f"({m.strength})") if p) or EM_DASH
        if column == self.ROUTE:
            return m.route or EM_DASH
        if column == self.WHEN:
            return m.how_often or EM_DASH
        if column == self.PRN:
            return ("Yes" + (f": {m.prn_reason}" if m.prn_reason else "")) if m.prn else ""
        if column == self.STATUS:
            return status_text(entry)
        if column == self.CODED:
            return m.rxnorm or ("coded" if m.coded else UNCODED)
        return HIGH_ALERT if entry.record.id in self._high_alert else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry: MedicationHistory | None = self._row_at(index)
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.CODED and not entry.record.medication.coded:
            return "Typed as free text: not matched to the drug vocabulary, so not checked for interactions."
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.ALERT and entry.record.id in self._high_alert:
                return QColor(ERROR)
            if not entry.record.is_current:
                return QColor("#8a96a0")
        if role == Qt.ItemDataRole.FontRole and column in (self.MEDICINE, self.ALERT):
            font = QFont()
            font.setBold(entry.record.is_current)
            font.setStrikeOut(entry.record.entered_in_error is not None)
            return font
        if role == self.EntryRole:
            return entry
        return None
