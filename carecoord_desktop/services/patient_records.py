"""The patient record between the services and storage: reading what was saved (a stored-data read that
applies no input rules), validating what was typed, and the storage columns derived from a record.

The record JSON holds identity, contact, preferences, programs, problems, risk tier and care team, with a
`schema_version`; allergies are in their own table and are filled into the chart's ClinicalSummary here.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.errors import RecordUnreadable
from carecoord_desktop.domain.patients import Patient
from carecoord_desktop.domain.validation import DEFAULT_RULES, PatientRules, validation_failed
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import allergies_repo, patients_repo, programs_repo, settings_repo, staff_repo
from carecoord_desktop.storage.patient_columns import RECORD_SCHEMA_VERSION, columns_for

__all__ = [
    "RECORD_SCHEMA_VERSION",
    "columns_for",
    "patient_rules",
    "read_patient",
    "stored_record",
    "validate_edit",
    "validate_input",
]

RULES_KEY = "patient_rules"
#: Paths of the stored record JSON that are not part of the patient's history (allergies have their own).
NOT_IN_RECORD_HISTORY: Final = ("schema_version", "clinical.allergies", "programs")


# -- rules ----------------------------------------------------------------------------------------
def rules(conn: Connection) -> PatientRules:
    raw = settings_repo.get(conn, RULES_KEY)
    return PatientRules(**raw) if raw else DEFAULT_RULES


def patient_rules(session: Session) -> PatientRules:
    with session.vault.read() as conn:
        return rules(conn)


def staff_names(conn: Connection) -> dict[int, str]:
    return staff_repo.names_by_id(conn)


# -- reading what was saved -----------------------------------------------------------------------
def stored_record(conn: Connection, patient_id: int) -> dict[str, Any]:
    """The saved record as a dict in the current shape (no schema_version), with the patient's enrolments
    and current allergies from their own tables."""
    stored = patients_repo.get(conn, patient_id).record
    return with_clinical_rows(conn, patient_id, stored)


def with_clinical_rows(conn: Connection, patient_id: int, stored: dict[str, Any]) -> dict[str, Any]:
    record = dict(stored)
    version = record.pop("schema_version", 1)
    if version != RECORD_SCHEMA_VERSION:
        raise RecordUnreadable(
            f"The record of patient #{patient_id} was saved by a "
            f"{'newer' if version > RECORD_SCHEMA_VERSION else 'much older'} version of CareCoord and cannot "
            "be read by this one."
        )
    current = [r.allergy.model_dump(mode="json") for r in allergies_repo.for_patient(conn, patient_id)]
    record["clinical"] = {**(record.get("clinical") or {}), "allergies": current}
    record["programs"] = [
        r.enrolment.model_dump(mode="json") for r in programs_repo.for_patient(conn, patient_id)
    ]
    return record


def read_patient(conn: Connection, patient_id: int, record: dict[str, Any] | None = None) -> Patient:
    """The saved patient, read without input rules (a date saved on a workstation whose clock was ahead is
    still readable). A record this version cannot read is a RecordUnreadable with a plain message."""
    data = record if record is not None else stored_record(conn, patient_id)
    try:
        return Patient.model_validate(data, context=rules(conn).for_stored().context())
    except ValidationError as exc:
        raise RecordUnreadable(
            f"The record of patient #{patient_id} could not be read: it is damaged or was saved by a "
            "different version of CareCoord. Restore it from a backup or ask for help."
        ) from exc


# -- validating what was typed --------------------------------------------------------------------
def validate_input(data: dict[str, Any], rules: PatientRules, today: date) -> Patient:
    """A record made of what a person typed: every input rule applies (today is the practice's today)."""
    try:
        return Patient.model_validate(data, context=rules.for_input(today).context())
    except ValidationError as exc:
        raise validation_failed(exc) from None


def _value_at(record: Any, location: tuple[int | str, ...]) -> Any:
    for part in location:
        if isinstance(record, dict) and isinstance(part, str):
            record = record.get(part)
        elif isinstance(record, list) and isinstance(part, int) and part < len(record):
            record = record[part]
        else:
            return None
    return record


INPUT_ONLY_ERRORS: Final = frozenset({"date_in_future", "date_too_old"})


def validate_edit(
    merged: dict[str, Any], stored: dict[str, Any], rules: PatientRules, today: date
) -> Patient:
    """An edited record: input rules apply to what was typed; values kept as they were saved are not
    re-judged by input-only rules (a date that was fine on the day it was saved stays fine)."""
    try:
        return Patient.model_validate(merged, context=rules.for_input(today).context())
    except ValidationError as exc:
        typed = [
            e
            for e in exc.errors()
            if e["type"] not in INPUT_ONLY_ERRORS
            or _value_at(merged, tuple(e["loc"])) != _value_at(stored, tuple(e["loc"]))
        ]
        if typed:
            raise validation_failed(exc) from None
    try:
        return Patient.model_validate(merged, context=rules.for_stored().context())
    except ValidationError as exc:
        raise validation_failed(exc) from None
