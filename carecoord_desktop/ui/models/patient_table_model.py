"""The patient panel as a table: pages of rows from SQL, sorted and filtered in SQL, fetched as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.patients import age_on, display_name
from carecoord_desktop.services.patients import PanelFilter, PanelQuery, PanelRow

Index = QModelIndex | QPersistentModelIndex
PageFetcher = Callable[[PanelQuery, int, int], list[PanelRow]]
Counter = Callable[[PanelFilter], int]

EM_DASH = "—"
PAGE_SIZE = 100


def us_date(value: date | None) -> str:
    return value.strftime("%m/%d/%Y") if value else EM_DASH


class PatientTableModel(QAbstractTableModel):
    """Rows are fetched a page at a time (`canFetchMore`/`fetchMore`); `sort()` re-queries instead of sorting here.

    In search mode the rows are a fixed, ranked list (the search's order) until a header is clicked, which
    sorts the same patients in SQL.
    """

    NAME, MRN, DOB, PHONE, COORDINATOR, PCP, RISK, PROGRAMS, NEXT_DUE, LAST_CONTACT = range(10)
    HEADERS = (
        "Name",
        "MRN",
        "DOB (age)",
        "Phone",
        "Coordinator",
        "PCP",
        "Risk tier",
        "Programs",
        "Next due",
        "Last contact",
    )
    SORT_KEYS = (
        "name",
        "mrn",
        "date_of_birth",
        "phone",
        "coordinator",
        "pcp",
        "risk_tier",
        "programs",
        "next_due",
        "last_contact",
    )
    PatientIdRole = Qt.ItemDataRole.UserRole + 1
    PanelRowRole = Qt.ItemDataRole.UserRole + 2
    SortKeyRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        fetch_page: PageFetcher,
        count: Counter,
        *,
        today: Callable[[], date] = date.today,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._count = count
        self._today = today
        self._rows: list[PanelRow] = []
        self._total = 0
        self._query = PanelQuery()
        self._ranked: list[PanelRow] | None = None  # search mode, in search order

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def query(self) -> PanelQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def searching(self) -> bool:
        return self._ranked is not None

    def set_query(self, query: PanelQuery) -> None:
        """Show the panel for `query`: the count and the first page."""
        self._ranked = None
        self._query = query
        self._reload()

    def set_search_results(self, rows: list[PanelRow]) -> None:
        """Show search results in their ranked order (the filters do not apply to a search)."""
        self._ranked = list(rows)
        self._query = PanelQuery(
            PanelFilter(ids=tuple(r.id for r in rows)), self._query.sort, self._query.descending
        )
        self.beginResetModel()
        self._rows = list(rows)
        self._total = len(rows)
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read what is shown (after an edit elsewhere), keeping the query."""
        if self._ranked is not None:
            ids = [r.id for r in self._ranked]
            fresh = {r.id: r for r in self._fetch_page(self._query, len(ids) or 1, 0)}
            self.set_search_results([fresh[i] for i in ids if i in fresh])
            return
        self._reload()

    def _reload(self) -> None:
        self.beginResetModel()
        self._total = self._count(self._query.filter)
        self._rows = self._fetch_page(self._query, PAGE_SIZE, 0) if self._total else []
        self.endResetModel()

    def row(self, row: int) -> PanelRow:
        return self._rows[row]

    def row_of(self, patient_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == patient_id), -1)

    # -- paging ------------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt override
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt override
        if parent.isValid() or len(self._rows) >= self._total:
            return
        page = self._fetch_page(self._query, PAGE_SIZE, len(self._rows))
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # -- sorting, in SQL ---------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.SORT_KEYS):
            return
        query = replace(
            self._query,
            sort=self.SORT_KEYS[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )
        if query == self._query and self._ranked is None:
            return
        self._ranked = None
        self._query = query
        self._reload()

    def sort_column(self) -> int:
        return self.SORT_KEYS.index(self._query.sort) if self._query.sort in self.SORT_KEYS else self.NAME

    # -- Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == self.SortKeyRole:
            return self.SORT_KEYS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {self.HEADERS[section].lower()}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return f"{self._text(row, column)} — press Enter to open the chart"
        if role == Qt.ItemDataRole.ForegroundRole and self._text(row, column) == EM_DASH:
            return QColor("#8a96a0")
        if role == self.PatientIdRole:
            return row.id
        if role == self.PanelRowRole:
            return row
        return None

    def _text(self, row: PanelRow, column: int) -> str:
        if column == self.NAME:
            return display_name(row.family_name, row.given_name, row.preferred_name)
        if column == self.MRN:
            return row.mrn
        if column == self.DOB:
            return f"{us_date(row.date_of_birth)} ({age_on(row.date_of_birth, self._today())})"
        if column == self.PHONE:
            return format_phone(row.phone) if row.phone else EM_DASH
        if column == self.COORDINATOR:
            return row.coordinator_name or EM_DASH
        if column == self.PCP:
            return row.pcp_name or EM_DASH
        if column == self.RISK:
            return row.risk_tier.capitalize() if row.risk_tier else EM_DASH
        if column == self.PROGRAMS:
            return row.programs or EM_DASH
        if column == self.NEXT_DUE:
            if row.next_due_on is None:
                return EM_DASH
            return f"{us_date(row.next_due_on)} {row.next_due_label or ''}".strip()
        if column == self.LAST_CONTACT:
            return us_date(row.last_contact_on)
        return ""
