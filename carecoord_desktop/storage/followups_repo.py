"""Follow-ups: one row each, versioned in record_history on every change, never deleted."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, insert, select

from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.domain.followups import FollowUp, FollowUpRecord, FollowUpState
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.schema import follow_ups, staff


def _record(row: Any) -> FollowUpRecord:
    try:
        return FollowUpRecord(
            id=row.id,
            patient_id=row.patient_id,
            follow_up=FollowUp(
                reason=row.reason,
                due_from=row.due_from,
                due_to=row.due_to,
                owner_role=row.owner_role,
                owner_staff_id=row.owner_staff_id,
                serves=row.serves,
                serves_id=row.serves_id,
                note=row.note,
            ),
            state=row.status,
            appointment_id=row.appointment_id,
            closed_on=row.closed_on,
            close_reason=row.close_reason,
            owner_name=row.owner_name,
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Follow-up #{row.id} could not be read: it is damaged or was saved by a newer version of CareCoord."
        ) from exc


def _select() -> Any:
    return select(follow_ups, staff.c.full_name.label("owner_name")).outerjoin(
        staff, staff.c.id == follow_ups.c.owner_staff_id
    )


def add(conn: Connection, patient_id: int, follow_up: FollowUp, actor: str) -> int:
    values = follow_up.model_dump(mode="python")
    result = conn.execute(
        insert(follow_ups).values(
            patient_id=patient_id,
            status=FollowUpState.OPEN.value,
            reason=follow_up.reason,
            due_from=follow_up.due_from,
            due_to=follow_up.due_to,
            owner_role=follow_up.owner_role.value if follow_up.owner_role else None,
            owner_staff_id=follow_up.owner_staff_id,
            serves=follow_up.serves.value,
            serves_id=values["serves_id"],
            note=follow_up.note,
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def get(conn: Connection, follow_up_id: int) -> FollowUpRecord:
    row = conn.execute(_select().where(follow_ups.c.id == follow_up_id)).first()
    if row is None:
        raise NotFound("That follow-up no longer exists.")
    return _record(row)


def for_patient(conn: Connection, patient_id: int) -> list[FollowUpRecord]:
    """The patient's current follow-ups, by the end of their window."""
    query = (
        _select()
        .where(follow_ups.c.patient_id == patient_id, follow_ups.c.entered_in_error_reason.is_(None))
        .order_by(follow_ups.c.due_to, follow_ups.c.id)
    )
    return [_record(r) for r in conn.execute(query)]


def many(conn: Connection, ids: list[int]) -> list[FollowUpRecord]:
    """The follow-ups with these ids (current ones only), in the order asked."""
    query = _select().where(follow_ups.c.id.in_(ids), follow_ups.c.entered_in_error_reason.is_(None))
    found = {r.id: _record(r) for r in conn.execute(query)}
    return [found[i] for i in ids if i in found]


def for_serves(conn: Connection, serves: str, serves_id: int) -> list[FollowUpRecord]:
    """The current follow-ups that serve one row (a stay, a referral, a care gap)."""
    query = _select().where(
        follow_ups.c.serves == serves,
        follow_ups.c.serves_id == serves_id,
        follow_ups.c.entered_in_error_reason.is_(None),
    )
    return [_record(r) for r in conn.execute(query)]


def open_starting_by(conn: Connection, last: date) -> list[FollowUpRecord]:
    """Open follow-ups (open, scheduled or no-show) whose window starts by `last`, earliest end first."""
    query = (
        _select()
        .where(
            follow_ups.c.status.in_([s.value for s in FollowUpState if s.is_open]),
            follow_ups.c.due_from <= last,
            follow_ups.c.entered_in_error_reason.is_(None),
        )
        .order_by(follow_ups.c.due_to, follow_ups.c.id)
    )
    return [_record(r) for r in conn.execute(query)]


def update(conn: Connection, follow_up_id: int, values: dict[str, Any], actor: str) -> None:
    history.versioned_update(conn, follow_ups, follow_up_id, values, actor)


def mark_entered_in_error(conn: Connection, follow_up_id: int, reason: str, actor: str) -> None:
    history.versioned_update(conn, follow_ups, follow_up_id, entered_in_error_values(reason, actor), actor)
