"""Contact attempts: one row each, never deleted (a mistake is marked entered-in-error)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Connection, insert, select

from carecoord_desktop.domain.contact_attempts import AttemptRecord, ContactAttempt
from carecoord_desktop.domain.errors import RecordUnreadable
from carecoord_desktop.storage.clinical_rows import entered_in_error_of, new_stamps, stamps_of
from carecoord_desktop.storage.schema import contact_attempts

STATUS_RECORDED: Final = "recorded"


def _record(row: Any) -> AttemptRecord:
    try:
        return AttemptRecord(
            id=row.id,
            patient_id=row.patient_id,
            about_table=row.about_table,
            about_id=row.about_id,
            on=row.attempted_on,
            target=row.target or "patient",
            channel=row.channel,
            outcome=row.outcome,
            note=row.note,
            next_try_on=row.next_try_on,
            by_name=row.by_name,
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Contact attempt #{row.id} could not be read: it is damaged or was saved by a newer version of "
            "CareCoord."
        ) from exc


def add(
    conn: Connection,
    patient_id: int,
    about: tuple[str, int] | None,
    attempt: ContactAttempt,
    *,
    on: date,
    by_staff_id: int,
    by_name: str,
    actor: str,
) -> int:
    result = conn.execute(
        insert(contact_attempts).values(
            patient_id=patient_id,
            status=STATUS_RECORDED,
            about_table=about[0] if about else None,
            about_id=about[1] if about else None,
            attempted_on=on,
            target=attempt.target.value,
            channel=attempt.channel.value,
            outcome=attempt.outcome.value,
            note=attempt.note,
            next_try_on=attempt.next_try_on,
            by_staff_id=by_staff_id,
            by_name=by_name,
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def _current(conn: Connection, *conditions: ColumnElement[bool]) -> list[AttemptRecord]:
    rows = conn.execute(
        select(contact_attempts)
        .where(*conditions, contact_attempts.c.entered_in_error_reason.is_(None))
        .order_by(contact_attempts.c.attempted_on, contact_attempts.c.id)
    )
    return [_record(row) for row in rows]


def about(conn: Connection, table: str, row_id: int) -> list[AttemptRecord]:
    """The current attempts that serve one row, oldest first."""
    return _current(conn, contact_attempts.c.about_table == table, contact_attempts.c.about_id == row_id)


def for_patient_about(conn: Connection, patient_id: int, table: str) -> dict[int, list[AttemptRecord]]:
    """The patient's current attempts that serve rows of `table`, by row id, oldest first."""
    found: dict[int, list[AttemptRecord]] = {}
    for attempt in _current(
        conn, contact_attempts.c.patient_id == patient_id, contact_attempts.c.about_table == table
    ):
        if attempt.about_id is not None:
            found.setdefault(attempt.about_id, []).append(attempt)
    return found
