"""Referrals: the logistics row, its clinical details, the transition log, outreach, and the worklist query."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.orm import aliased

from carecoord_desktop.domain.contact_attempts import AttemptOutcome
from carecoord_desktop.domain.errors import NotFound
from carecoord_desktop.domain.patients import PatientStatus
from carecoord_desktop.storage import contact_attempts_repo, history
from carecoord_desktop.storage.schema import patients, staff
from carecoord_desktop.storage.schema_referrals import (
    referral_details,
    referral_events,
    referrals,
)


def add(conn: Connection, values: dict[str, Any], details: dict[str, Any], actor: str, at: str) -> int:
    stamps = {"created_at": at, "created_by": actor, "updated_at": at, "updated_by": actor}
    result = conn.execute(insert(referrals).values(**values, **stamps))
    pk = result.inserted_primary_key
    assert pk is not None
    referral_id = int(pk[0])
    conn.execute(insert(referral_details).values(referral_id=referral_id, **_details_json(details)))
    return referral_id


def add_many(
    conn: Connection, rows: list[tuple[dict[str, Any], dict[str, Any]]], actor: str, at: str
) -> list[int]:
    """Bulk insert (demo practice, benchmark harness): ids are assigned in order after the current maximum."""
    start = int(conn.execute(select(func.coalesce(func.max(referrals.c.id), 0))).scalar_one()) + 1
    stamps = {"created_at": at, "created_by": actor, "updated_at": at, "updated_by": actor}
    if rows:
        conn.execute(insert(referrals), [{"id": start + i, **v, **stamps} for i, (v, _d) in enumerate(rows)])
        conn.execute(
            insert(referral_details),
            [{"referral_id": start + i, **_details_json(d)} for i, (_v, d) in enumerate(rows)],
        )
    return list(range(start, start + len(rows)))


def add_events_many(
    conn: Connection,
    events: list[tuple[int, str | None, str, date, str]],
    *,
    staff_id: int,
    by_name: str,
    at: str,
) -> None:
    """Bulk transition log rows (referral, from, to, day, reason), all recorded by one person at one time."""
    if events:
        conn.execute(
            insert(referral_events),
            [
                {"referral_id": r, "from_state": f, "to_state": t, "event_on": d, "at": at,
                 "by_staff_id": staff_id, "by_name": by_name, "note": "", "reason": reason}
                for r, f, t, d, reason in events
            ],
        )  # fmt: skip


def patient_owners(conn: Connection) -> list[tuple[int, int | None, int | None]]:
    """Every active patient's id, PCP and coordinator (for generated demo work: nobody deceased, transferred or
    inactive is referred or called)."""
    query = (
        select(patients.c.id, patients.c.pcp_id, patients.c.coordinator_id)
        .where(patients.c.status == PatientStatus.ACTIVE.value)
        .order_by(patients.c.id)
    )
    return [(r.id, r.pcp_id, r.coordinator_id) for r in conn.execute(query)]


def patient_label(conn: Connection, patient_id: int) -> tuple[str, str]:
    """The patient's name as the worklist shows it ("Family, Given") and MRN."""
    row = conn.execute(
        select(patients.c.family_name, patients.c.given_name, patients.c.mrn).where(
            patients.c.id == patient_id
        )
    ).one()
    return f"{row.family_name}, {row.given_name}", row.mrn


def staff_role(conn: Connection, staff_id: int) -> str | None:
    """The role of an active staff member, or None."""
    found = conn.execute(
        select(staff.c.role).where(staff.c.id == staff_id, staff.c.active.is_(True))
    ).scalar()
    return None if found is None else str(found)


def staff_ids(conn: Connection, role: str) -> list[int]:
    return list(conn.execute(select(staff.c.id).where(staff.c.role == role).order_by(staff.c.id)).scalars())


def _details_json(details: dict[str, Any]) -> dict[str, Any]:
    out = dict(details)
    if "clinical_info" in out and not isinstance(out["clinical_info"], str):
        out["clinical_info"] = json.dumps(out["clinical_info"], sort_keys=True, ensure_ascii=False)
    return out


def get(conn: Connection, referral_id: int) -> dict[str, Any]:
    """The referral row and its details (clinical_info decoded)."""
    row = (
        conn.execute(
            select(referrals, referral_details)
            .join(referral_details, referral_details.c.referral_id == referrals.c.id)
            .where(referrals.c.id == referral_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"There is no referral #{referral_id}.")
    found = dict(row)
    found["clinical_info"] = json.loads(found["clinical_info"])
    return found


def update_row(
    conn: Connection, referral_id: int, values: dict[str, Any], details: dict[str, Any], actor: str, at: str
) -> None:
    """Keep the current version (row and details) in history, then write the changes."""
    kept = (
        conn.execute(select(referral_details).where(referral_details.c.referral_id == referral_id))
        .mappings()
        .one()
    )
    history.record_version(conn, referrals, referral_id, "update", actor, extra={"details": dict(kept)})
    conn.execute(
        update(referrals)
        .where(referrals.c.id == referral_id)
        .values(**values, updated_at=at, updated_by=actor)
    )
    if details:
        conn.execute(
            update(referral_details)
            .where(referral_details.c.referral_id == referral_id)
            .values(**_details_json(details))
        )


def add_event(conn: Connection, referral_id: int, **values: Any) -> None:
    conn.execute(insert(referral_events).values(referral_id=referral_id, **values))


def _log(conn: Connection, table: Table, referral_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(table).where(table.c.referral_id == referral_id).order_by(table.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def events(conn: Connection, referral_id: int) -> list[dict[str, Any]]:
    """The transition log, oldest first."""
    return _log(conn, referral_events, referral_id)


def outreach(conn: Connection, referral_id: int) -> list[dict[str, Any]]:
    """Outreach attempts, oldest first: the referral's rows of the shared contact attempts."""
    return [
        {
            "target": a.target.value,
            "channel": a.channel.value,
            "outcome": a.outcome.value,
            "successful": a.outcome is AttemptOutcome.REACHED,
            "note": a.note or "",
            "next_try_on": a.next_try_on,
            "at": a.stamps.created_at,
            "by_name": a.by_name,
        }
        for a in contact_attempts_repo.about(conn, referrals.name, referral_id)
    ]


def rows_for_metrics(conn: Connection, referred_to: date) -> list[dict[str, Any]]:
    """Every referral made up to `referred_to`, with what the metrics count (no clinical detail)."""
    coordinator = aliased(staff)
    query = (
        select(
            referrals.c.id,
            referrals.c.patient_id,
            referrals.c.specialty,
            referrals.c.state,
            referrals.c.is_open,
            referrals.c.referred_on,
            referrals.c.sent_on,
            referrals.c.appointment_on,
            referrals.c.visit_on,
            referrals.c.report_on,
            referrals.c.next_action_due,
            coordinator.c.full_name.label("coordinator_name"),
        )
        .outerjoin(coordinator, coordinator.c.id == referrals.c.coordinator_id)
        .where(referrals.c.entered_in_error.is_(False), referrals.c.referred_on <= referred_to)
        .order_by(referrals.c.referred_on, referrals.c.id)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


def states_entered(conn: Connection) -> dict[int, set[str]]:
    """Every state each referral ever entered (no-show and decline rates count these)."""
    query = select(referral_events.c.referral_id, referral_events.c.to_state)
    out: dict[int, set[str]] = {}
    for rid, state in conn.execute(query):
        out.setdefault(int(rid), set()).add(state)
    return out
