"""The referral worklist query: groups (overdue or due today first, then by state), filters and sorting in SQL.

A page is read group by group (first the referrals that need action today, open and due on or before today;
then the rest by state), so each query walks an index in order or sorts one group, never every open
referral. Group counts come from covering indexes (ix_referrals_due, ix_referrals_open) that hold every filter column, so
counting never reads the rows themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, or_, select
from sqlalchemy.orm import aliased

from carecoord_desktop.domain.referral_worklist import WorklistRow
from carecoord_desktop.storage.schema import patients, staff
from carecoord_desktop.storage.schema_referrals import directory_entries, referrals

OVERDUE_GROUP = 0


@dataclass(frozen=True)
class WorklistFilter:
    coordinator_id: int | None = None
    provider_id: int | None = None
    specialty: str | None = None  # exact, as listed
    urgencies: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    overdue_only: bool = False
    referred_from: date | None = None  # inclusive
    referred_to: date | None = None  # inclusive
    include_closed: bool = False
    patient_id: int | None = None


SORT_KEYS: dict[str, Any] = {
    "due": referrals.c.next_action_due,
    "patient": patients.c.sort_name,
    "specialist": directory_entries.c.name,
    "specialty": referrals.c.specialty,
    "urgency": referrals.c.urgency,
    "requested_by": referrals.c.requested_by,
    "referred_on": referrals.c.referred_on,
    "state": referrals.c.state_rank,
}


def _needs_action(today: date) -> ColumnElement[bool]:
    return and_(referrals.c.is_open.is_(True), referrals.c.next_action_due <= today)


def _the_rest(flt: WorklistFilter, today: date) -> ColumnElement[bool]:
    later = or_(referrals.c.next_action_due.is_(None), referrals.c.next_action_due > today)
    return or_(referrals.c.is_open.is_(False), later) if _ended_too(flt) else later


def _ended_too(flt: WorklistFilter) -> bool:
    return flt.include_closed and not flt.overdue_only


def _where(flt: WorklistFilter, today: date) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [referrals.c.entered_in_error.is_(False)]
    if not _ended_too(flt):
        clauses.append(referrals.c.is_open.is_(True))
    if flt.coordinator_id is not None:
        clauses.append(referrals.c.coordinator_id == flt.coordinator_id)
    if flt.provider_id is not None:
        clauses.append(referrals.c.referring_provider_id == flt.provider_id)
    if flt.specialty:
        clauses.append(referrals.c.specialty == flt.specialty)
    if flt.urgencies:
        clauses.append(referrals.c.urgency.in_(flt.urgencies))
    if flt.states:
        clauses.append(referrals.c.state.in_(flt.states))
    if flt.overdue_only:
        clauses.append(referrals.c.next_action_due < today)
    if flt.referred_from is not None:
        clauses.append(referrals.c.referred_on >= flt.referred_from)
    if flt.referred_to is not None:
        clauses.append(referrals.c.referred_on <= flt.referred_to)
    if flt.patient_id is not None:
        clauses.append(referrals.c.patient_id == flt.patient_id)
    return clauses


def _count_needing_action(conn: Connection, flt: WorklistFilter, today: date) -> int:
    query = select(func.count()).select_from(referrals).where(*_where(flt, today), _needs_action(today))
    return int(conn.execute(query).scalar_one())


def worklist_groups(conn: Connection, flt: WorklistFilter, today: date) -> dict[int, int]:
    """How many referrals each group holds under the filter (groups with none are left out)."""
    counts = {OVERDUE_GROUP: _count_needing_action(conn, flt, today)}
    by_state = select(referrals.c.state_rank, func.count()).where(*_where(flt, today), _the_rest(flt, today))
    for rank, count in conn.execute(by_state.group_by(referrals.c.state_rank)):
        counts[int(rank) + 1] = int(count)
    return {group: count for group, count in counts.items() if count}


def _group_ids(
    conn: Connection,
    flt: WorklistFilter,
    today: date,
    group: int,
    sort: str,
    descending: bool,
    limit: int,
    offset: int,
) -> list[int]:
    """Ids of one group's slice, sorted by `sort`: a group is small next to the whole worklist, so even a sort
    by a joined column (the patient's name) sorts one group's rows, not every open referral."""
    key = SORT_KEYS[sort]
    if group == OVERDUE_GROUP:
        in_group = _needs_action(today)
    else:
        in_group = and_(referrals.c.state_rank == group - 1, _the_rest(flt, today))
    query = select(referrals.c.id).where(*_where(flt, today), in_group)
    if sort == "patient":
        query = query.join(patients, patients.c.id == referrals.c.patient_id)
    elif sort == "specialist":
        query = query.join(directory_entries, directory_entries.c.id == referrals.c.directory_id)
    order = [key.desc() if descending else key.asc(), referrals.c.id]
    return list(conn.execute(query.order_by(*order).limit(limit).offset(offset)).scalars())


def worklist_page(
    conn: Connection,
    flt: WorklistFilter,
    today: date,
    *,
    sort: str = "due",
    descending: bool = False,
    limit: int = 100,
    offset: int = 0,
    groups: dict[int, int] | None = None,
) -> list[WorklistRow]:
    """A page of referrals, grouped (overdue and due today first, then by state) and sorted within groups.

    `groups` are the counts from worklist_groups for the same filter and day, when the caller has them."""
    counts = groups if groups is not None else worklist_groups(conn, flt, today)
    ids: list[int] = []
    start = 0  # where the group begins in the whole worklist
    for group in sorted(counts):
        size = counts[group]
        if offset < start + size and len(ids) < limit:
            skip = max(0, offset - start)
            ids += _group_ids(conn, flt, today, group, sort, descending, limit - len(ids), skip)
        start += size
    return _rows(conn, ids, today)


_COORDINATOR, _PROVIDER = aliased(staff), aliased(staff)
# Built once: a page's rows are this select for the page's ids (building it per call costs more than running it).
_ROWS = (
    select(
        referrals.c.id,
        referrals.c.is_open,
        referrals.c.patient_id,
        (patients.c.family_name + ", " + patients.c.given_name).label("patient_name"),
        patients.c.mrn,
        directory_entries.c.name.label("directory_name"),
        referrals.c.specialty,
        referrals.c.reason,
        referrals.c.urgency,
        referrals.c.requested_by,
        referrals.c.state,
        referrals.c.next_action,
        referrals.c.next_action_due,
        referrals.c.escalate_on,
        referrals.c.appointment_on,
        referrals.c.referred_on,
        _COORDINATOR.c.full_name.label("coordinator_name"),
        _PROVIDER.c.full_name.label("provider_name"),
        referrals.c.failed_patient_attempts,
        referrals.c.state_rank,
    )
    .join(patients, patients.c.id == referrals.c.patient_id)
    .join(directory_entries, directory_entries.c.id == referrals.c.directory_id)
    .join(_PROVIDER, _PROVIDER.c.id == referrals.c.referring_provider_id)
    .outerjoin(_COORDINATOR, _COORDINATOR.c.id == referrals.c.coordinator_id)
)


def _rows(conn: Connection, ids: list[int], today: date) -> list[WorklistRow]:
    if not ids:
        return []
    found: dict[int, WorklistRow] = {}
    for r in conn.execute(_ROWS.where(referrals.c.id.in_(ids))):
        due = r.next_action_due
        group = OVERDUE_GROUP if r.is_open and due is not None and due <= today else int(r.state_rank) + 1
        found[r.id] = WorklistRow(r.id, group, *r[2:19])
    return [found[i] for i in ids if i in found]


def specialties(conn: Connection) -> list[str]:
    return list(
        conn.execute(select(referrals.c.specialty).distinct().order_by(referrals.c.specialty)).scalars()
    )
