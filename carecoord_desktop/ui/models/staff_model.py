"""Staff accounts as a table: one row per account, never deleted (disabled ones stay, greyed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from carecoord_desktop.services.session import StaffMember

Index = QModelIndex | QPersistentModelIndex


class StaffModel(QAbstractTableModel):
    USERNAME, FULL_NAME, ROLE, ACTIVE, MUST_CHANGE = range(5)
    HEADERS = ("Username", "Full name", "Role", "Status", "Must change password")
    MemberRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[StaffMember] = []

    def set_staff(self, staff: list[StaffMember]) -> None:
        self.beginResetModel()
        self._rows = list(staff)
        self.endResetModel()

    def member(self, row: int) -> StaffMember:
        return self._rows[row]

    def row_of(self, username: str) -> int:
        return next((i for i, m in enumerate(self._rows) if m.username == username), -1)

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
        member = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                self.USERNAME: member.username,
                self.FULL_NAME: member.full_name,
                self.ROLE: member.role.label,
                self.ACTIVE: "Active" if member.active else "Disabled",
                self.MUST_CHANGE: "Yes" if member.must_change_password else "",
            }[column]
        if role == Qt.ItemDataRole.ForegroundRole and not member.active:
            return QColor("#8a96a0")
        if role == self.MemberRole:
            return member
        return None
