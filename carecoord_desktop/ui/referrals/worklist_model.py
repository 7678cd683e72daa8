"""The referral worklist as a grouped table: a title row per group, then its referrals, a page at a time.

Groups and sorting come from SQL (overdue or due today first, then by state); the model only lays the rows
out and inserts a group's title row where the group changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.services import referral_worklist
from carecoord_desktop.services.referral_worklist import WorklistQuery, WorklistRow
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.models.table_model import Index, TableModel
from carecoord_desktop.ui.theme import ERROR


@dataclass(frozen=True)
class GroupTitle:
    group: int
    text: str


class ReferralWorklistModel(TableModel):
    PATIENT, SPECIALIST, SPECIALTY, REASON, URGENCY, STATE, NEXT_ACTION, DUE, REQUESTED_BY, COORDINATOR = (
        range(10)
    )
    HEADERS = (
        "Patient",
        "To",
        "Specialty",
        "Reason",
        "Urgency",
        "State",
        "Next action",
        "Due",
        "Requested by",
        "Coordinator",
    )
    SORT_KEYS = (
        "patient",
        "specialist",
        "specialty",
        None,
        "urgency",
        "state",
        "due",
        "due",
        "requested_by",
        None,
    )
    PAGE_SIZE = 100
    ReferralIdRole = Qt.ItemDataRole.UserRole + 1
    IsGroupRole = Qt.ItemDataRole.UserRole + 2
    load_failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._query = WorklistQuery()
        self._groups: dict[int, int] = {}
        self._loaded = 0  # referral rows loaded (title rows not counted)
        self._stalled = False

    @property
    def query(self) -> WorklistQuery:
        return self._query

    @property
    def total(self) -> int:
        return sum(self._groups.values())

    @property
    def groups(self) -> dict[int, int]:
        return dict(self._groups)

    def _today(self) -> date:
        return self.session.clock.today()

    # -- loading ---------------------------------------------------------------------------------
    def set_query(self, query: WorklistQuery) -> bool:
        """The group counts and the first page for `query`; False (rows unchanged) when refused."""
        try:
            groups = referral_worklist.worklist_groups(self.session, query.filter)
            page = (
                referral_worklist.worklist_page(self.session, query, limit=self.PAGE_SIZE, groups=groups)
                if groups
                else []
            )
        except UserError as exc:
            self.load_failed.emit(exc.message)
            return False
        self.beginResetModel()
        self._query, self._groups, self._stalled = query, groups, False
        self._rows = []
        self._rows, self._loaded = self._laid_out(page), len(page)
        self.endResetModel()
        return True

    def refresh(self) -> bool:
        return self.set_query(self._query)

    def _laid_out(self, page: list[WorklistRow]) -> list[WorklistRow | GroupTitle]:
        """The page's rows, each group led by its title row (unless the group began on an earlier page)."""
        last = next((r.group for r in reversed(self._rows) if isinstance(r, WorklistRow)), None)
        out: list[WorklistRow | GroupTitle] = []
        for row in page:
            if row.group != last:
                title = referral_worklist.group_title(row.group)
                out.append(GroupTitle(row.group, f"{title} · {self._groups.get(row.group, 0)}"))
                last = row.group
            out.append(row)
        return out

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt override
        return not parent.isValid() and not self._stalled and self._loaded < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt override
        if not self.canFetchMore(parent):
            return
        try:
            page = referral_worklist.worklist_page(
                self.session, self._query, limit=self.PAGE_SIZE, offset=self._loaded, groups=self._groups
            )
        except UserError as exc:
            self._stalled = True
            self.load_failed.emit(exc.message)
            return
        if not page:
            self._stalled = True
            return
        items, before = self._laid_out(page), len(self._rows)
        self.beginInsertRows(QModelIndex(), before, before + len(items) - 1)
        self._rows.extend(items)
        self._loaded += len(page)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORT_KEYS) or self.SORT_KEYS[column] is None:
            return
        key = self.SORT_KEYS[column]
        assert key is not None
        query = replace(self._query, sort=key, descending=order == Qt.SortOrder.DescendingOrder)
        if query != self._query:
            self.set_query(query)

    # -- rows --------------------------------------------------------------------------------------
    def referral_at(self, row: int) -> WorklistRow | None:
        found = self._rows[row] if 0 <= row < len(self._rows) else None
        return found if isinstance(found, WorklistRow) else None

    def title_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if isinstance(r, GroupTitle)]

    def row_of(self, referral_id: int) -> int:
        return next(
            (i for i, r in enumerate(self._rows) if isinstance(r, WorklistRow) and r.id == referral_id), -1
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self._row_at(index)
        if item is None:
            return None
        column = index.column()
        if isinstance(item, GroupTitle):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return item.text if column == 0 else ""
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor("#fbeceb") if item.group == 0 else QColor("#e9eff3")
            if role == self.IsGroupRole:
                return True
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.DUE, self.NEXT_ACTION):
            due = item.next_action_due
            if due is not None and due <= self._today():
                return QColor(ERROR)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DUE:
            return self._due_tip(item)
        if role == self.ReferralIdRole:
            return item.id
        if role == self.IsGroupRole:
            return False
        return None

    def _due_tip(self, row: WorklistRow) -> str:
        due, today = row.next_action_due, self._today()
        if due is None:
            return "No next action: this referral has ended."
        if row.escalate_on is not None and row.escalate_on <= today:
            return f"Escalate: the report was due {format_date(due)}, {(today - due).days} day(s) ago."
        if due < today:
            return f"Overdue by {(today - due).days} day(s)."
        return "Due today." if due == today else f"Due in {(due - today).days} day(s)."

    def _text(self, row: WorklistRow, column: int) -> str:
        if column == self.PATIENT:
            return f"{row.patient_name} ({row.mrn})"
        if column == self.SPECIALIST:
            return row.directory_name
        if column == self.SPECIALTY:
            return row.specialty
        if column == self.REASON:
            return row.reason
        if column == self.URGENCY:
            return row.urgency.capitalize()
        if column == self.STATE:
            return ReferralState(row.state).label
        if column == self.NEXT_ACTION:
            escalate = row.escalate_on is not None and row.escalate_on <= self._today()
            return f"{row.next_action or EM_DASH}{' (escalate)' if escalate else ''}"
        if column == self.DUE:
            return format_date(row.next_action_due)
        if column == self.REQUESTED_BY:
            return format_date(row.requested_by)
        if column == self.COORDINATOR:
            return row.coordinator_name or EM_DASH
        return ""
