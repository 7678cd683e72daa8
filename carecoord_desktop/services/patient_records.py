"""The patient record between the services and storage: reading what was saved (a stored-data read that
applies no input rules), validating what was typed, and the storage columns derived from a record.

The record JSON holds identity, contact, preferences, programs, problems, risk tier and care team, with a
`schema_version`; allergies are in their own table and are filled into the chart's ClinicalSummary here.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any, Final

import phonenumbers
from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.clinical_summary import RiskTier
from carecoord_desktop.domain.errors import RecordUnreadable
from carecoord_desktop.domain.patients import Patient, normalize_for_search, phone_digits, programs_window
from carecoord_desktop.domain.validation import DEFAULT_RULES, PatientRules, validation_failed
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import allergies_repo, patients_repo, search, settings_repo, staff_repo
from carecoord_desktop.storage.patients_repo import PatientColumns

#: Version 1 had no "schema_version" key and kept allergies inside `clinical` (migration 0003 moved them).
RECORD_SCHEMA_VERSION: Final = 2
RISK_RANK = {None: 0, RiskTier.LOW: 1, RiskTier.MODERATE: 2, RiskTier.HIGH: 3, RiskTier.COMPLEX: 4}
RULES_KEY = "patient_rules"
#: Paths of the stored record JSON that are not part of the patient's history (allergies have their own).
NOT_IN_RECORD_HISTORY: Final = ("schema_version", "clinical.allergies")

# Names and condition texts repeat across a panel; folding each once keeps bulk loads fast.
_normalized = functools.lru_cache(maxsize=65536)(normalize_for_search)


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
    """The saved record as a dict in the current shape (no schema_version), with the current allergies."""
    stored = patients_repo.get(conn, patient_id).record
    return with_allergies(conn, patient_id, stored)


def with_allergies(conn: Connection, patient_id: int, stored: dict[str, Any]) -> dict[str, Any]:
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


# -- storage columns ------------------------------------------------------------------------------
def record_json(patient: Patient) -> str:
    """What patient_records keeps: the record without allergies (they have their own table), versioned."""
    record = patient.model_dump(mode="json", exclude={"clinical": {"allergies"}})
    return json.dumps({"schema_version": RECORD_SCHEMA_VERSION, **record}, ensure_ascii=False)


def national_digits(e164: str) -> str:
    number = e164.partition(";")[0]
    if number.startswith("+1") and len(number) == 12:
        return number[2:]
    try:
        return str(phonenumbers.parse(number, None).national_number)
    except phonenumbers.NumberParseException:
        return phone_digits(number)


def _word_starts(text: str) -> list[str]:
    """'essential hypertension' → itself and 'hypertension', so a condition filter matches any word's start."""
    words = text.split()
    return [" ".join(words[i:]) for i in range(len(words))]


def sort_name(family: str, given: str) -> str:
    return f"{_normalized(family)} {_normalized(given)}"


def columns_for(patient: Patient, on: date) -> PatientColumns:
    """Storage columns for `patient`; `on` is the practice's today (the Programs sort key starts from it)."""
    numbers = list(patient.phones.numbers().values())
    tier = patient.clinical.risk_tier.tier if patient.clinical.risk_tier else None
    given = (
        patient.given_name if not patient.preferred_name else f"{patient.given_name} {patient.preferred_name}"
    )
    enrolments = tuple((e.program.value, e.started_on, e.ended_on) for e in patient.programs)
    return PatientColumns(
        mrn=patient.mrn,
        family_name=patient.family_name,
        given_name=patient.given_name,
        preferred_name=patient.preferred_name,
        sort_name=sort_name(patient.family_name, patient.given_name),
        date_of_birth=patient.date_of_birth,
        phone=numbers[0] if numbers else None,
        coordinator_id=patient.coordinator_id,
        pcp_id=patient.pcp_id,
        risk_tier=tier.value if tier else None,
        risk_rank=RISK_RANK[tier],
        enrolments=enrolments,
        programs=programs_window(enrolments, on),
        status=patient.status.value,
        conditions=tuple(
            (phrase, p.code.upper() if p.code else None)
            for p in patient.clinical.current_problems()
            for phrase in _word_starts(_normalized(p.text))
        ),
        phone_digits=tuple(dict.fromkeys(national_digits(n) for n in numbers)),
        names=search.NameEntry(_normalized(patient.family_name), _normalized(given)),
        record_json=record_json(patient),
    )
