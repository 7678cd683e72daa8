"""Allergies: one row each, versioned in record_history on every change, never deleted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, insert, select

from carecoord_desktop.domain.allergies import AllergyRecord, AllergyStatus
from carecoord_desktop.domain.clinical_summary import Allergy
from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.schema import allergies


def _values(allergy: Allergy) -> dict[str, Any]:
    return {
        "substance": allergy.substance,
        "category": allergy.category.value if allergy.category else None,
        "reactions": json.dumps(list(allergy.reactions), ensure_ascii=False),
        "severity": allergy.severity.value if allergy.severity else None,
        "code_system": allergy.code_system.value if allergy.code_system else None,
        "code": allergy.code,
    }


def _record(row: Any) -> AllergyRecord:
    try:
        return AllergyRecord(
            id=row.id,
            patient_id=row.patient_id,
            allergy=Allergy.model_validate(
                {
                    "substance": row.substance,
                    "category": row.category,
                    "reactions": json.loads(row.reactions),
                    "severity": row.severity,
                    "code_system": row.code_system,
                    "code": row.code,
                }
            ),
            status=AllergyStatus(row.status),
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Allergy #{row.id} could not be read: it is damaged or was saved by a newer version of CareCoord."
        ) from exc


def for_patient(conn: Connection, patient_id: int, *, include_all: bool = False) -> list[AllergyRecord]:
    """The patient's allergies, oldest first: current ones only, or every row (ended and in error too)."""
    query = select(allergies).where(allergies.c.patient_id == patient_id).order_by(allergies.c.id)
    if not include_all:
        query = query.where(
            allergies.c.status == AllergyStatus.ACTIVE.value, allergies.c.entered_in_error_reason.is_(None)
        )
    return [_record(row) for row in conn.execute(query)]


def get(conn: Connection, allergy_id: int) -> AllergyRecord:
    row = conn.execute(select(allergies).where(allergies.c.id == allergy_id)).first()
    if row is None:
        raise NotFound(f"There is no allergy #{allergy_id}.")
    return _record(row)


def add(conn: Connection, patient_id: int, allergy: Allergy, actor: str) -> int:
    result = conn.execute(
        insert(allergies).values(
            patient_id=patient_id, status=AllergyStatus.ACTIVE.value, **_values(allergy), **new_stamps(actor)
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def add_many(conn: Connection, rows: Sequence[tuple[int, Allergy]], actor: str) -> None:
    """Bulk insert for the synthetic practice."""
    if rows:
        stamps = new_stamps(actor)
        conn.execute(
            insert(allergies),
            [
                {"patient_id": p, "status": AllergyStatus.ACTIVE.value, **_values(a), **stamps}
                for p, a in rows
            ],
        )


def update(conn: Connection, allergy_id: int, allergy: Allergy, status: AllergyStatus, actor: str) -> None:
    history.versioned_update(conn, allergies, allergy_id, {**_values(allergy), "status": status.value}, actor)


def mark_entered_in_error(conn: Connection, allergy_id: int, reason: str, actor: str) -> None:
    history.versioned_update(
        conn,
        allergies,
        allergy_id,
        entered_in_error_values(reason, actor),
        actor,
    )


def versions(conn: Connection, patient_id: int) -> dict[int, list[dict[str, Any]]]:
    """Earlier versions of each of the patient's allergies, by allergy id, oldest first."""
    return history.patient_versions(conn, patient_id, allergies.name)
