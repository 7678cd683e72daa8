"""Staff accounts as a table: one row per account, never deleted (disabled ones stay, greyed)."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from carecoord_desktop.services.session import StaffMember
from carecoord_desktop.ui.models.table_model import Index, TableModel


class StaffModel(TableModel):
    USERNAME, FULL_NAME, ROLE, ACTIVE, MUST_CHANGE = range(5)
    HEADERS = ("Username", "Full name", "Role", "Status", "Must change password")
    MemberRole = Qt.ItemDataRole.UserRole + 1

    def set_staff(self, staff: list[StaffMember]) -> None:
        self.beginResetModel()
        self._rows = list(staff)
        self.endResetModel()

    def member(self, row: int) -> StaffMember:
        return cast(StaffMember, self._rows[row])

    def row_of(self, username: str) -> int:
        return next((i for i, m in enumerate(self._rows) if m.username == username), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        member: StaffMember | None = self._row_at(index)
        if member is None:
            return None
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
