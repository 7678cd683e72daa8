"""The audit trail as a table, fetched 200 entries at a time as the user scrolls (newest first)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services.audit_trail import AuditEntry, ReadableEntry
from carecoord_desktop.ui.dates import format_stamp
from carecoord_desktop.ui.models.table_model import Index, PagedTableModel

Fetch = Callable[[int, int], list[AuditEntry]]  # (offset, limit) -> entries
Describe = Callable[[list[AuditEntry]], list[ReadableEntry]]


class AuditLogModel(PagedTableModel):
    SEQ, AT, USER, ACTION, OUTCOME, PATIENT, SUBJECT, WORKSTATION, DETAIL = range(9)
    HEADERS = ("#", "Time", "User", "What happened", "Outcome", "Patient", "Subject", "Workstation", "Detail")
    PAGE_SIZE = 200
    EntryRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, clock: PracticeClock, parent: Any = None, *, describe: Describe | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._fetch: Fetch | None = None
        self._describe = describe  # sentences and patient names (services.audit_trail.describe)
        self._readable: dict[int, ReadableEntry] = {}

    def reset(self, fetch: Fetch, total: int) -> None:
        """New filter: forget the rows and load the first page."""
        self._fetch = fetch
        self._show_rows([], total)
        self.fetchMore(QModelIndex())

    def entry(self, row: int) -> AuditEntry:
        return cast(AuditEntry, self._rows[row])

    def _page_at(self, offset: int) -> list[AuditEntry]:
        assert self._fetch is not None
        entries = self._fetch(offset, self.PAGE_SIZE)
        if self._describe is not None:
            self._readable.update((r.entry.seq, r) for r in self._describe(entries))
        return entries

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry: AuditEntry | None = self._row_at(index)
        if entry is None:
            return None
        column = index.column()
        readable = self._readable.get(entry.seq)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ACTION:
            return entry.action  # the code, as the CSV export keeps it
        if (
            role == Qt.ItemDataRole.DisplayRole
            and readable is not None
            and column in (self.ACTION, self.PATIENT)
        ):
            return readable.sentence if column == self.ACTION else readable.patient
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.DETAIL:
                return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else ""
            return {
                self.SEQ: str(entry.seq),
                self.AT: format_stamp(entry.at, self._clock, seconds=True),
                self.USER: entry.username,
                self.ACTION: entry.action,
                self.OUTCOME: entry.outcome,
                self.PATIENT: "" if entry.patient_id is None else str(entry.patient_id),
                self.SUBJECT: entry.subject,
                self.WORKSTATION: entry.workstation,
            }[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == self.OUTCOME and entry.outcome != "ok":
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.EntryRole:
            return entry
        return None
