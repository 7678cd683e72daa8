"""What storage keeps for a patient, derived from the validated record: the record JSON (versioned, without
allergies and enrolments, which have their own tables), the panel columns and the lookup rows."""

from __future__ import annotations

import functools
from datetime import date
from typing import Final

import phonenumbers

from carecoord_desktop.domain.clinical_summary import RiskTier
from carecoord_desktop.domain.patients import Patient, normalize_for_search, phone_digits, programs_window
from carecoord_desktop.storage import search
from carecoord_desktop.storage.patients_repo import PatientColumns

#: Version 1 had no "schema_version" key and kept allergies and programs inside (migration 0003 moved them).
RECORD_SCHEMA_VERSION: Final = 2
RISK_RANK = {None: 0, RiskTier.LOW: 1, RiskTier.MODERATE: 2, RiskTier.HIGH: 3, RiskTier.COMPLEX: 4}

# Names and condition texts repeat across a panel; folding each once keeps bulk loads fast.
_normalized = functools.lru_cache(maxsize=65536)(normalize_for_search)


def record_json(patient: Patient) -> str:
    """What patient_records keeps: the record without allergies and enrolments (they have their own tables),
    versioned."""
    # pydantic's own serializer (several times faster than dumping a dict), with the version key put first.
    body = patient.model_dump_json(exclude={"programs": True, "clinical": {"allergies"}})
    return f'{{"schema_version":{RECORD_SCHEMA_VERSION},{body[1:]}'


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
