"""The audit trail as a table, fetched 200 entries at a time as the user scrolls (newest first)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from carecoord_desktop.services.audit_trail import AuditEntry

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
Fetch = Callable[[int, int], list[AuditEntry]]  # (offset, limit) -> entries


def local_time(at: str, zone: ZoneInfo) -> str:
    try:
        moment = datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return at
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


class AuditLogModel(QAbstractTableModel):
    SEQ, AT, USER, ACTION, OUTCOME, PATIENT, SUBJECT, WORKSTATION, DETAIL = range(9)
    HEADERS = ("#", "Time", "User", "Action", "Outcome", "Patient", "Subject", "Workstation", "Detail")
    EntryRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, time_zone: str = "UTC", parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo(time_zone)
        self._rows: list[AuditEntry] = []
        self._fetch: Fetch | None = None
        self._total = 0

    def reset(self, fetch: Fetch, total: int) -> None:
        """New filter: forget the rows and load the first page."""
        self.beginResetModel()
        self._fetch = fetch
        self._total = total
        self._rows = []
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    @property
    def total(self) -> int:
        return self._total

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._fetch is not None and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        batch = self._fetch(len(self._rows), PAGE_SIZE)
        if not batch:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.DETAIL:
                return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else ""
            return {
                self.SEQ: str(entry.seq),
                self.AT: local_time(entry.at, self._zone),
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
