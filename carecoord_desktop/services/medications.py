"""The patient's medication list: add, edit, hold, resume, stop, mark entered-in-error, and the history.

Every write is one audited transaction; who changed what, and when, is stamped from the session and the practice
clock, never taken from a form. An entry is never deleted: a change keeps the previous version in history, and a
mistake is marked entered-in-error with a reason. A signed reconciliation replaces the current list through
:func:`apply_reconciled_list`, inside the reconciliation's own write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.medication_records import (
    MedicationHistory,
    MedicationRecord,
    MedicationVersion,
    ReconciledLine,
)
from carecoord_desktop.domain.medications import Medication, MedicationStatus
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.domain.validation import DEFAULT_RULES, validation_failed
from carecoord_desktop.services import high_alert
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import medications_repo

#: what an entry's status carries; set only by hold / resume / stop, never by the entry form
STATUS_FIELDS = ("status", "hold_until", "hold_reason", "stopped_on", "stop_reason")


def _validated(session: Session, data: dict[str, Any]) -> Medication:
    try:
        return Medication.model_validate(
            data, context=DEFAULT_RULES.for_input(session.clock.today()).context()
        )
    except ValidationError as exc:
        raise validation_failed(exc, "The medication") from None


def _entry(conn: Connection, patient_id: int, medication_id: int) -> MedicationRecord:
    """The entry, checked to belong to this chart and not to be marked entered in error."""
    record = medications_repo.get(conn, medication_id)
    if record.patient_id != patient_id:
        raise ValidationFailed("That medication belongs to another patient's chart.")
    if record.entered_in_error is not None:
        raise ValidationFailed("That medication is marked as entered in error and can no longer be changed.")
    return record


def current_list(session: Session, patient_id: int) -> list[MedicationRecord]:
    """The patient's current medicines (active, then on hold), as stored."""
    return session.audited_read(
        Permission.VIEW_MEDICATIONS,
        "medications.view",
        lambda conn: medications_repo.for_patient(conn, patient_id),
        patient_id=patient_id,
    )


def _history(conn: Connection, patient_id: int) -> list[MedicationHistory]:
    earlier = medications_repo.versions(conn, patient_id)
    return [
        MedicationHistory(
            record=record,
            versions=tuple(
                MedicationVersion(
                    medication=medications_repo.medication_of(v["data"]),
                    replaced_at=datetime.fromisoformat(v["changed_at"]),
                    replaced_by=v["changed_by"],
                )
                for v in earlier.get(record.id, [])
            ),
        )
        for record in medications_repo.for_patient(conn, patient_id, include_all=True)
    ]


def medication_history(session: Session, patient_id: int) -> list[MedicationHistory]:
    """Every entry the patient ever had (stopped and entered in error too), each with its earlier versions."""
    return session.audited_read(
        Permission.VIEW_MEDICATIONS,
        "medications.history",
        lambda conn: _history(conn, patient_id),
        patient_id=patient_id,
    )


def add_medication(session: Session, patient_id: int, data: dict[str, Any]) -> MedicationRecord:
    """A new entry on the current list (active unless the data says otherwise)."""
    medication = _validated(session, data)
    with session.audited_write(
        Permission.EDIT_MEDICATIONS, "medication.add", patient_id=patient_id, what="the medication"
    ) as conn:
        medication_id = medications_repo.add(conn, patient_id, medication, session.user.username)
        return medications_repo.get(conn, medication_id)


def edit_medication(
    session: Session, patient_id: int, medication_id: int, data: dict[str, Any]
) -> MedicationRecord:
    """The entry's facts as typed (drug, dose, how often...); its status and status details stay as they are."""
    facts = _validated(session, {k: v for k, v in data.items() if k not in STATUS_FIELDS})
    with session.audited_write(
        Permission.EDIT_MEDICATIONS,
        "medication.edit",
        patient_id=patient_id,
        subject=f"medication #{medication_id}",
        what="the medication",
    ) as conn:
        record = _entry(conn, patient_id, medication_id)
        kept = {name: getattr(record.medication, name) for name in STATUS_FIELDS}
        medication = facts.model_copy(update=kept)
        if medication != record.medication:
            medications_repo.update(conn, medication_id, medication, session.user.username)
        return medications_repo.get(conn, medication_id)


def _change_status(
    session: Session,
    patient_id: int,
    medication_id: int,
    action: str,
    allowed_from: Sequence[MedicationStatus],
    refusal: str,
    status: dict[str, Any],
) -> MedicationRecord:
    with session.audited_write(
        Permission.EDIT_MEDICATIONS,
        action,
        patient_id=patient_id,
        subject=f"medication #{medication_id}",
        what="the medication",
    ) as conn:
        record = _entry(conn, patient_id, medication_id)
        if record.status not in allowed_from:
            raise ValidationFailed(refusal)
        data = record.medication.model_dump()
        data.update({name: None for name in STATUS_FIELDS[1:]}, **status)
        medication = _validated(session, data)
        medications_repo.update(conn, medication_id, medication, session.user.username)
        return medications_repo.get(conn, medication_id)


def hold_medication(
    session: Session, patient_id: int, medication_id: int, *, reason: str, until: date | None = None
) -> MedicationRecord:
    """Put an active medicine on hold, with why and (when known) until when."""
    return _change_status(
        session,
        patient_id,
        medication_id,
        "medication.hold",
        (MedicationStatus.ACTIVE, MedicationStatus.ON_HOLD),
        "Only an active medicine can be put on hold.",
        {"status": MedicationStatus.ON_HOLD, "hold_reason": reason, "hold_until": until},
    )


def resume_medication(session: Session, patient_id: int, medication_id: int) -> MedicationRecord:
    """A medicine on hold is taken again."""
    return _change_status(
        session,
        patient_id,
        medication_id,
        "medication.resume",
        (MedicationStatus.ON_HOLD,),
        "Only a medicine on hold can be resumed.",
        {"status": MedicationStatus.ACTIVE},
    )


def stop_medication(
    session: Session, patient_id: int, medication_id: int, *, reason: str, on: date | None = None
) -> MedicationRecord:
    """Stop a current medicine, with why and when (the practice's today unless given)."""
    return _change_status(
        session,
        patient_id,
        medication_id,
        "medication.stop",
        (MedicationStatus.ACTIVE, MedicationStatus.ON_HOLD),
        "This medicine is already stopped.",
        {
            "status": MedicationStatus.STOPPED,
            "stop_reason": reason,
            "stopped_on": on or session.clock.today(),
        },
    )


def mark_entered_in_error(
    session: Session, patient_id: int, medication_id: int, reason: str
) -> MedicationRecord:
    """A mistaken entry leaves the list and stays on record with the reason, who and when."""
    why = entered_in_error_reason(reason, "medication")
    with session.audited_write(
        Permission.EDIT_MEDICATIONS,
        "medication.entered_in_error",
        patient_id=patient_id,
        subject=f"medication #{medication_id}",
        what="the medication",
    ) as conn:
        _entry(conn, patient_id, medication_id)
        medications_repo.mark_entered_in_error(conn, medication_id, why, session.user.username)
        return medications_repo.get(conn, medication_id)


def apply_reconciled_list(
    session: Session, conn: Connection, patient_id: int, changes: Sequence[ReconciledLine]
) -> list[MedicationRecord]:
    """Make a signed reconciliation's list the patient's current list, inside the caller's audited write.

    Each line with an id becomes that entry's new version (continued, changed, held or stopped), each line
    without one is a new entry; a current entry the reconciliation does not mention is stopped, so nothing
    stays on the list that nobody looked at. Returns the list as it now stands (current entries)."""
    if not session.can(Permission.EDIT_MEDICATIONS):  # the caller's write records the failure
        raise PermissionDenied(f"Your role ({session.user.role.label}) may not change medication lists.")
    actor = session.user.username
    current = {r.id: r for r in medications_repo.for_patient(conn, patient_id)}
    seen: set[int] = set()
    for line in changes:
        if line.medication_id is None:
            medications_repo.add(conn, patient_id, line.medication, actor)
            continue
        record = _entry(conn, patient_id, line.medication_id)
        seen.add(record.id)
        if line.medication != record.medication:
            medications_repo.update(conn, record.id, line.medication, actor)
    today = session.clock.today()
    for record in current.values():
        if record.id not in seen:
            data = record.medication.model_dump()
            data.update(
                {name: None for name in STATUS_FIELDS[1:]},
                status=MedicationStatus.STOPPED,
                stopped_on=today,
                stop_reason="Not on the reconciled list",
            )
            medications_repo.update(conn, record.id, _validated(session, data), actor)
    return medications_repo.for_patient(conn, patient_id)


@dataclass(frozen=True)
class ChartMedications:
    """What the chart's Medications tab shows: every entry (current first) with its earlier versions, and
    which entries hold a medicine on the practice's high-alert list."""

    entries: tuple[MedicationHistory, ...]
    high_alert: frozenset[int]

    @property
    def current(self) -> tuple[MedicationHistory, ...]:
        return tuple(e for e in self.entries if e.record.is_current)


def chart_medications(session: Session, patient_id: int) -> ChartMedications:
    """The Medications tab in one audited read."""

    def read(conn: Connection) -> ChartMedications:
        entries = _history(conn, patient_id)
        flagged = high_alert.practice_list(conn)
        return ChartMedications(
            entries=tuple(entries),
            high_alert=frozenset(
                e.record.id for e in entries if flagged.match(e.record.medication.ingredients) is not None
            ),
        )

    return session.audited_read(Permission.VIEW_MEDICATIONS, "medications.view", read, patient_id=patient_id)
