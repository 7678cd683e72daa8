"""The patient panel as a table: pages of rows from SQL, sorted and filtered in SQL, fetched as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.patients import age_on, age_text, display_name
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery, PanelRow
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.models.table_model import Index, PagedTableModel
from carecoord_desktop.ui.theme import ERROR

PageFetcher = Callable[[PanelQuery, int, int], list[PanelRow]]
Counter = Callable[[PanelFilter], int]


class PatientTableModel(PagedTableModel):
    """Rows are fetched a page at a time (`canFetchMore`/`fetchMore`); `sort()` re-queries instead of sorting here.

    In search mode the rows are a fixed, ranked list (the search's order) until a header is clicked, which
    sorts the same patients in SQL. A query the services refuse leaves the rows as they were and reports
    the refusal through `load_failed`.
    """

    NAME, MRN, DOB, PHONE, COORDINATOR, PCP, RISK, PROGRAMS, NEXT_DUE, LAST_CONTACT, READMISSION = range(11)
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
        "Readmission risk",
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
        "readmission",
    )
    PAGE_SIZE = 100
    PatientIdRole = Qt.ItemDataRole.UserRole + 1
    PanelRowRole = Qt.ItemDataRole.UserRole + 2
    SortKeyRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        fetch_page: PageFetcher,
        count: Counter,
        *,
        clock: PracticeClock,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._count = count
        self._clock = clock
        self._query = PanelQuery()
        self._ranked: list[PanelRow] | None = None  # search mode, in search order

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def query(self) -> PanelQuery:
        return self._query

    @property
    def searching(self) -> bool:
        return self._ranked is not None

    def set_query(self, query: PanelQuery) -> bool:
        """Show the panel for `query`: the count and the first page. False when the services refused."""
        return self._load(query)

    def set_search_results(self, rows: list[PanelRow]) -> None:
        """Show search results in their ranked order (the filters do not apply to a search)."""
        self._ranked = list(rows)
        self._query = PanelQuery(
            PanelFilter(ids=tuple(r.id for r in rows)), self._query.sort, self._query.descending
        )
        self._show_rows(rows, len(rows))

    def refresh(self) -> bool:
        """Re-read what is shown (after an edit elsewhere), keeping the query."""
        if self._ranked is None:
            return self._load(self._query)
        ids = [r.id for r in self._ranked]
        try:
            fresh = {r.id: r for r in self._fetch_page(self._query, len(ids) or 1, 0)}
        except UserError as exc:
            self.load_failed.emit(exc.message)
            return False
        self.set_search_results([fresh[i] for i in ids if i in fresh])
        return True

    def _load(self, query: PanelQuery) -> bool:
        """The count and first page for `query`; on a refusal nothing changes but `load_failed` fires."""
        try:
            total = self._count(query.filter)
            rows = self._fetch_page(query, self.PAGE_SIZE, 0) if total else []
        except UserError as exc:
            self.load_failed.emit(exc.message)
            return False
        self._ranked = None
        self._query = query
        self._show_rows(rows, total)
        return True

    def row(self, row: int) -> PanelRow:
        return cast(PanelRow, self._rows[row])

    def row_of(self, patient_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == patient_id), -1)

    def _page_at(self, offset: int) -> list[PanelRow]:
        return self._fetch_page(self._query, self.PAGE_SIZE, offset)

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
        self._load(query)

    # -- Qt model API ------------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == self.SortKeyRole:
            return self.SORT_KEYS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Sort by {self.HEADERS[section].lower()}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: PanelRow | None = self._row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if (
            role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole)
            and column == self.NEXT_DUE
        ):
            return self._next_due_words(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return f"{self._text(row, column)} — press Enter to open the chart"
        if role == Qt.ItemDataRole.ForegroundRole and column == self.NEXT_DUE and row.overdue:
            return QColor(ERROR)
        if role == Qt.ItemDataRole.ForegroundRole and (row.deceased or self._text(row, column) == EM_DASH):
            return QColor("#8a96a0")
        if role == self.PatientIdRole:
            return row.id
        if role == self.PanelRowRole:
            return row
        return None

    @staticmethod
    def _next_due_words(row: PanelRow) -> str:
        if row.next_due_on is None:
            return "Nothing due"
        what = f"{row.next_due_label} due" if row.next_due_label else "Due"
        return f"{what} {format_date(row.next_due_on)}" + (" — overdue" if row.overdue else "")

    def _text(self, row: PanelRow, column: int) -> str:
        if column == self.NAME:
            name = display_name(row.family_name, row.given_name, row.preferred_name)
            return f"{name} — deceased" if row.deceased else name
        if column == self.MRN:
            return row.mrn
        if column == self.DOB:
            today = self._clock.today()
            if row.deceased:  # age at death, never the count of birthdays since
                return f"{format_date(row.date_of_birth)} ({age_text(row.date_of_birth, today, row.date_of_death)})"
            return f"{format_date(row.date_of_birth)} ({age_on(row.date_of_birth, today)})"
        if column == self.PHONE:
            return _phone_text(row.phone) if row.phone else EM_DASH
        if column == self.COORDINATOR:
            return row.coordinator_name or EM_DASH
        if column == self.PCP:
            return row.pcp_name or EM_DASH
        if column == self.RISK:
            return row.risk_tier.capitalize() if row.risk_tier else EM_DASH
        if column == self.PROGRAMS:
            return row.programs or EM_DASH
        if column == self.NEXT_DUE:  # the date only: what is due is in the tooltip and the spoken text
            return format_date(row.next_due_on)
        if column == self.LAST_CONTACT:
            return format_date(row.last_contact_on)
        if column == self.READMISSION:
            return row.readmission_risk or EM_DASH
        return ""


@lru_cache(maxsize=4096)
def _phone_text(number: str) -> str:
    """Formatting a phone number parses it (about a millisecond); a view asks for each cell repeatedly."""
    return format_phone(number)


def patient_model(session: Session, parent: QObject | None = None) -> PatientTableModel:
    """A patient table over the patients service, as `session` may see it (the panel and the quick search)."""
    return PatientTableModel(
        lambda query, limit, offset: patients.panel_page(session, query, limit=limit, offset=offset),
        lambda flt: patients.panel_count(session, flt),
        clock=session.clock,
        parent=parent,
    )
