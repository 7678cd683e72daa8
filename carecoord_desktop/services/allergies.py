"""Allergies: their own rows, changed inside the chart's write, marked entered-in-error with a reason.

The chart's allergy list is the patient's current rows. Saving a list (the chart's clinical form) matches
entries by substance: a new substance is a new row, a changed one is a new version of its row, and one left
off the list is ended (inactive), never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from carecoord_desktop.domain.allergies import AllergyRecord, AllergyStatus
from carecoord_desktop.domain.clinical_summary import Allergy
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import allergies_repo

CODE_FIELDS = frozenset({"code_system", "code"})


def save_list(session: Session, conn: Connection, patient_id: int, wanted: Sequence[Allergy]) -> None:
    """Make the patient's current allergies `wanted`, inside the caller's audited write."""
    actor = session.user.username
    current = {row.allergy.key: row for row in allergies_repo.for_patient(conn, patient_id)}
    for allergy in wanted:
        row = current.pop(allergy.key, None)
        if row is None:
            allergies_repo.add(conn, patient_id, allergy, actor)
            continue
        if not CODE_FIELDS & allergy.model_fields_set:  # a form that does not show codes keeps them
            allergy = allergy.model_copy(
                update={"code_system": row.allergy.code_system, "code": row.allergy.code}
            )
        if allergy != row.allergy:
            allergies_repo.update(conn, row.id, allergy, AllergyStatus.ACTIVE, actor)
    for row in current.values():
        allergies_repo.update(conn, row.id, row.allergy, AllergyStatus.INACTIVE, actor)


def list_allergies(session: Session, patient_id: int, *, include_all: bool = False) -> list[AllergyRecord]:
    """The patient's allergies as stored (with ids, status and stamps); `include_all` adds ended and
    entered-in-error ones."""
    return session.audited_read(
        Permission.VIEW_CLINICAL,
        "allergies.view",
        lambda conn: allergies_repo.for_patient(conn, patient_id, include_all=include_all),
        patient_id=patient_id,
    )


def mark_entered_in_error(session: Session, patient_id: int, allergy_id: int, reason: str) -> AllergyRecord:
    """A mistaken allergy leaves the chart's list and stays on record with the reason, who and when."""
    why = entered_in_error_reason(reason, "allergy")
    with session.audited_write(
        Permission.EDIT_CLINICAL,
        "allergy.entered_in_error",
        patient_id=patient_id,
        subject=f"allergy #{allergy_id}",
        what="the allergy",
    ) as conn:
        row = allergies_repo.get(conn, allergy_id)
        if row.patient_id != patient_id:
            raise ValidationFailed("That allergy belongs to another patient's chart.")
        if row.entered_in_error is not None:
            raise ValidationFailed("That allergy is already marked as entered in error.")
        allergies_repo.mark_entered_in_error(conn, allergy_id, why, session.user.username)
        return allergies_repo.get(conn, allergy_id)
