"""The panel and search: pages, counts and search results, as each role may see them.

Date-dependent columns (Programs, overdue) are computed against the practice's today (`session.clock`) at
query time, never frozen at save time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.panel import PanelFilter, PanelRow
from carecoord_desktop.domain.patients import normalize_for_search, parse_dob_query, phone_digits
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import high_alert, readmission
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import patients_panel_repo, readmission_repo, search, staff_repo

T = TypeVar("T")
SEARCH_LIMIT = 50
CLINICAL_SORTS = frozenset({"risk_tier", "readmission"})


@dataclass(frozen=True)
class PanelQuery:
    filter: PanelFilter = field(default_factory=PanelFilter)
    sort: str = "name"
    descending: bool = False


def default_panel_filter(session: Session) -> PanelFilter:
    """Active patients; a coordinator starts on 'My patients', a provider on the patients they are PCP for."""
    role, me = session.user.role, session.user.id
    return PanelFilter(
        coordinator_id=me if role is Role.NURSE_COORDINATOR else None,
        pcp_id=me if role is Role.PROVIDER else None,
        statuses=("active",),
    )


def open_panel(session: Session) -> None:
    """Opening the panel shows patient names: worth one audit entry (paging and sorting are not)."""
    session.audited_read(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view", lambda _conn: None)


def _check_clinical_use(session: Session, flt: PanelFilter, sort: str = "name") -> PanelFilter:
    """Filtering or sorting by clinical facts discloses them: it needs clinical access too. Returns the
    filter with what it needs from the practice's settings (the high-alert list)."""
    if flt.risk_tiers or flt.readmission_ranks or flt.condition or flt.due_kinds or sort in CLINICAL_SORTS:
        session.require(Permission.VIEW_CLINICAL, "panel.clinical_filter")
    if flt.on_high_alert_medication:
        session.require(Permission.VIEW_MEDICATIONS, "panel.clinical_filter")
        flt = replace(flt, high_alert_terms=high_alert.terms(high_alert.high_alert_list(session)))
    return flt


def _visible(session: Session, rows: list[PanelRow]) -> list[PanelRow]:
    """Rows as this role may see them: no risk tier or readmission risk without clinical access."""
    if session.can(Permission.VIEW_CLINICAL):
        return rows
    return [replace(row, risk_tier=None, readmission_risk=None) for row in rows]


def _read_for_today(session: Session, work: Callable[[Connection, date], T]) -> T:
    """Run a panel read against the practice's today, with the Programs column brought up to date first.

    The column is only a sort key kept with the days it holds for; rows whose days do not include today are
    recomputed before the query, so the panel never shows an enrolment that has ended. The check is two
    index lookups; the recompute touches only the rows whose programs changed since."""
    today = session.clock.today()
    with session.vault.read() as conn:
        stale = patients_panel_repo.stale_program_ids(conn, today)
        risk_pending = readmission_repo.pending(conn)  # once, after migration 0013
        if not stale and not risk_pending:
            return work(conn, today)
    if risk_pending:
        readmission.fill_pending(session)
    with session.vault.write("the panel's program column") as conn:
        patients_panel_repo.refresh_programs(conn, stale, today)
    with session.vault.read() as conn:
        return work(conn, today)


def panel_page(session: Session, query: PanelQuery, *, limit: int = 100, offset: int = 0) -> list[PanelRow]:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    if query.sort not in patients_panel_repo.SORT_KEYS:
        raise ValidationFailed(f"The panel cannot be sorted by '{query.sort}'.")
    query = replace(query, filter=_check_clinical_use(session, query.filter, query.sort))
    rows = _read_for_today(
        session,
        lambda conn, today: patients_panel_repo.panel_page(
            conn,
            query.filter,
            today=today,
            sort=query.sort,
            descending=query.descending,
            limit=limit,
            offset=offset,
        ),
    )
    return _visible(session, rows)


def panel_count(session: Session, flt: PanelFilter) -> int:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    flt = _check_clinical_use(session, flt)
    return _read_for_today(
        session, lambda conn, today: patients_panel_repo.panel_count(conn, flt, today=today)
    )


def search_patients(
    session: Session, text: str, *, limit: int = SEARCH_LIMIT, today: date | None = None
) -> list[PanelRow]:
    """Search as you type: name (any order, prefixes, accents ignored), MRN, date of birth or phone digits.

    `today` (default: the practice's) is what a typed date of birth must not be after."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "patient.search")
    query = text.strip()
    if not query:
        return []

    def found(conn: Connection, practice_today: date) -> list[PanelRow]:
        ids = search_ids(conn, query, limit, today or practice_today)
        return patients_panel_repo.rows_by_id(conn, ids, today=practice_today)

    return _visible(session, _read_for_today(session, found))


def search_ids(conn: Connection, query: str, limit: int, today: date) -> list[int]:
    ids: list[int] = []

    def add(found: list[int]) -> None:
        ids.extend(i for i in found if i not in ids)

    has_digit = any(c.isdigit() for c in query)
    if has_digit:
        born = parse_dob_query(query, today)
        if born is not None:
            add(search.by_birth_date(conn, born, limit))
        compact = "".join(query.split()).upper()
        add(search.by_mrn_prefix(conn, compact, limit))
        digits = phone_digits(query)
        if len(digits) >= 3 and len(digits) >= len(compact) - 4:
            add(search.by_phone_digits(conn, digits, limit))
    tokens = [t for t in normalize_for_search(query).split() if not t.isdigit()]
    if tokens:
        add(search.by_name(conn, tokens, limit))
    return ids[:limit]


# -- staff pick lists -----------------------------------------------------------------------------
@dataclass(frozen=True)
class StaffChoice:
    id: int
    full_name: str
    role: Role


def staff_choices(session: Session) -> list[StaffChoice]:
    """Active clinical staff, for coordinator, PCP and care-team pickers."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    with session.vault.read() as conn:
        rows = staff_repo.active_by_name(conn)
    return [StaffChoice(i, name, Role(role)) for i, name, role in rows if role != Role.ADMIN.value]
