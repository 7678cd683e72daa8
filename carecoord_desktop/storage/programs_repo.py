"""Programme enrolments: one row each, versioned in record_history on every change, never deleted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, insert, select

from carecoord_desktop.domain.errors import RecordUnreadable
from carecoord_desktop.domain.patients import ProgramEnrolment
from carecoord_desktop.domain.programs import ACTIVE, EnrolmentRecord
from carecoord_desktop.domain.validation import DEFAULT_RULES
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.schema import patient_programs

_STORED = DEFAULT_RULES.for_stored().context()


def _values(enrolment: ProgramEnrolment) -> dict[str, Any]:
    return {
        "program": enrolment.program.value,
        "started_on": enrolment.started_on,
        "consent_date": enrolment.consent_date,
        "ended_on": enrolment.ended_on,
    }


def _record(row: Any) -> EnrolmentRecord:
    try:
        enrolment = ProgramEnrolment.model_validate(
            {
                "program": row.program,
                "started_on": row.started_on,
                "consent_date": row.consent_date,
                "ended_on": row.ended_on,
            },
            context=_STORED,
        )
        return EnrolmentRecord(
            id=row.id,
            patient_id=row.patient_id,
            enrolment=enrolment,
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Programme enrolment #{row.id} could not be read: it is damaged or was saved by a newer version "
            "of CareCoord."
        ) from exc


def for_patient(conn: Connection, patient_id: int, *, include_all: bool = False) -> list[EnrolmentRecord]:
    """The patient's enrolments in the order they were entered (ended ones included); `include_all` adds
    entered-in-error ones."""
    query = (
        select(patient_programs)
        .where(patient_programs.c.patient_id == patient_id)
        .order_by(patient_programs.c.id)
    )
    if not include_all:
        query = query.where(patient_programs.c.entered_in_error_reason.is_(None))
    return [_record(row) for row in conn.execute(query)]


def add(conn: Connection, patient_id: int, enrolment: ProgramEnrolment, actor: str) -> int:
    result = conn.execute(
        insert(patient_programs).values(
            patient_id=patient_id, status=ACTIVE, **_values(enrolment), **new_stamps(actor)
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def add_many(conn: Connection, rows: Sequence[tuple[int, ProgramEnrolment]], actor: str) -> None:
    """Bulk insert for the synthetic practice."""
    if rows:
        stamps = new_stamps(actor)
        conn.execute(
            insert(patient_programs),
            [{"patient_id": p, "status": ACTIVE, **_values(e), **stamps} for p, e in rows],
        )


def update(conn: Connection, enrolment_id: int, enrolment: ProgramEnrolment, actor: str) -> None:
    history.versioned_update(conn, patient_programs, enrolment_id, _values(enrolment), actor)


def versions(conn: Connection, patient_id: int) -> dict[int, list[dict[str, Any]]]:
    """Earlier versions of each of the patient's enrolments, by id, oldest first."""
    return history.patient_versions(conn, patient_id, patient_programs.name)
