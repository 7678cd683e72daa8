"""Appointments: one row each, versioned in record_history on every change, never deleted."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Connection, insert, select

from carecoord_desktop.domain.appointments import Appointment, AppointmentRecord, AppointmentStatus
from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.schema import appointments, patients


def _values(appointment: Appointment) -> dict[str, Any]:
    return {
        "appointment_on": appointment.on,
        "start_time": appointment.at.strftime("%H:%M") if appointment.at else None,
        "minutes": appointment.minutes,
        "kind": appointment.kind.value,
        "with_whom": appointment.with_whom,
        "location": appointment.where,
        "note": appointment.note,
    }


def _record(row: Any) -> AppointmentRecord:
    try:
        return AppointmentRecord(
            id=row.id,
            patient_id=row.patient_id,
            appointment=Appointment(
                on=row.appointment_on,
                at=time.fromisoformat(row.start_time) if row.start_time else None,
                minutes=row.minutes,
                kind=row.kind,
                with_whom=row.with_whom,
                where=row.location,
                note=row.note,
            ),
            status=row.status,
            about_table=row.about_table,
            about_id=row.about_id,
            status_on=row.status_on,
            status_reason=row.status_reason,
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Appointment #{row.id} could not be read: it is damaged or was saved by a newer version of "
            "CareCoord."
        ) from exc


def add(
    conn: Connection,
    patient_id: int,
    appointment: Appointment,
    about: tuple[str, int] | None,
    actor: str,
) -> int:
    result = conn.execute(
        insert(appointments).values(
            patient_id=patient_id,
            status=AppointmentStatus.BOOKED.value,
            about_table=about[0] if about else None,
            about_id=about[1] if about else None,
            **_values(appointment),
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def get(conn: Connection, appointment_id: int) -> AppointmentRecord:
    row = conn.execute(select(appointments).where(appointments.c.id == appointment_id)).first()
    if row is None:
        raise NotFound("That appointment no longer exists.")
    return _record(row)


def _current(*conditions: ColumnElement[bool]) -> Any:
    return (
        select(appointments)
        .where(*conditions, appointments.c.entered_in_error_reason.is_(None))
        .order_by(appointments.c.appointment_on, appointments.c.start_time, appointments.c.id)
    )


def for_patient(conn: Connection, patient_id: int) -> list[AppointmentRecord]:
    """The patient's current appointments, earliest first."""
    return [_record(r) for r in conn.execute(_current(appointments.c.patient_id == patient_id))]


def about(conn: Connection, table: str, row_id: int) -> list[AppointmentRecord]:
    """The current appointments that close one row (a follow-up, a referral, a stay), earliest first."""
    query = _current(appointments.c.about_table == table, appointments.c.about_id == row_id)
    return [_record(r) for r in conn.execute(query)]


def between(conn: Connection, first: date, last: date) -> list[AppointmentRecord]:
    """Every current appointment from `first` to `last` (inclusive), earliest first."""
    query = _current(appointments.c.appointment_on >= first, appointments.c.appointment_on <= last)
    return [_record(r) for r in conn.execute(query)]


def set_status(
    conn: Connection,
    appointment_id: int,
    status: AppointmentStatus,
    on: date,
    reason: str | None,
    actor: str,
) -> None:
    history.versioned_update(
        conn,
        appointments,
        appointment_id,
        {"status": status.value, "status_on": on, "status_reason": reason},
        actor,
    )


def mark_entered_in_error(conn: Connection, appointment_id: int, reason: str, actor: str) -> None:
    history.versioned_update(
        conn, appointments, appointment_id, entered_in_error_values(reason, actor), actor
    )


def patient_names(conn: Connection, patient_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """(given name, family name, MRN) of each patient."""
    rows = conn.execute(
        select(patients.c.id, patients.c.given_name, patients.c.family_name, patients.c.mrn).where(
            patients.c.id.in_(patient_ids)
        )
    )
    return {r.id: (r.given_name, r.family_name, r.mrn) for r in rows}
