"""FHIR import for a reconciliation source: a single MedicationStatement or MedicationRequest, dosage turned into
the structured fields, statuses, coding by code or by name, and allergies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from carecoord_desktop.domain.medications import Frequency, MedicationStatus
from carecoord_desktop.interop.drug_data import load_vocabulary
from carecoord_desktop.interop.fhir_medications import FhirUnreadable, read_json

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def statement(status: str = "active", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationStatement",
        "id": "s1",
        "status": status,
        "subject": {"reference": "Patient/p1"},
        "medicationCodeableConcept": {
            "coding": [{"system": RXNORM, "code": "866414"}],
            "text": "Toprol XL 100 mg",
        },
        **extra,
    }


def test_a_single_statement_with_its_dosage_becomes_one_coded_medicine() -> None:
    dosage = {
        "text": "1 tablet by mouth every morning",
        "timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
        "route": {"coding": [{"display": "Oral route"}]},
        "doseAndRate": [{"doseQuantity": {"value": 1.0, "unit": "tablet"}}],
    }
    imported = read_json(
        statement(dosage=[dosage], reasonCode=[{"text": "high blood pressure"}]), load_vocabulary()
    )
    (medication,) = imported.medications
    assert medication.display == "Toprol XL 100 mg"
    assert (medication.rxnorm, medication.ingredients) == ("866414", ["metoprolol"])
    assert medication.form == "extended release oral tablet"
    assert (medication.dose, medication.route, medication.frequency) == (
        "1 tablet",
        "Oral route",
        Frequency.ONCE_DAILY,
    )
    assert medication.frequency_text == "1 tablet by mouth every morning"
    assert medication.indication == "high blood pressure"
    assert imported.unread == () and imported.patient_id is None


@pytest.mark.parametrize(
    ("repeat", "frequency", "words"),
    [
        ({"frequency": 2, "period": 1, "periodUnit": "d"}, Frequency.TWICE_DAILY, None),
        ({"frequency": 1, "period": 2, "periodUnit": "d"}, Frequency.EVERY_OTHER_DAY, None),
        ({"frequency": 1, "period": 1, "periodUnit": "wk"}, Frequency.WEEKLY, None),
        ({"frequency": 1, "period": 6, "periodUnit": "h"}, Frequency.OTHER, "1 times every 6 hours"),
    ],
)
def test_timing_becomes_the_structured_frequency(
    repeat: dict[str, Any], frequency: Frequency, words: str | None
) -> None:
    imported = read_json(statement(dosage=[{"timing": {"repeat": repeat}}]), load_vocabulary())
    assert (imported.medications[0].frequency, imported.medications[0].frequency_text) == (frequency, words)


def test_as_needed_with_a_reason() -> None:
    dosage = {"asNeededCodeableConcept": {"text": "chest pain"}}
    (medication,) = read_json(statement(dosage=[dosage]), load_vocabulary()).medications
    assert medication.prn and medication.prn_reason == "chest pain"
    assert medication.frequency is Frequency.AS_NEEDED


def test_statuses_on_hold_stopped_with_a_date_and_left_out() -> None:
    vocabulary = load_vocabulary()
    held = read_json(statement("on-hold", statusReason=[{"text": "surgery Friday"}]), vocabulary).medications[
        0
    ]
    assert (held.status, held.hold_reason) == (MedicationStatus.ON_HOLD, "surgery Friday")
    stopped = read_json(statement("stopped", effectivePeriod={"end": "2026-11-20"}), vocabulary).medications[
        0
    ]
    assert (stopped.status, stopped.stopped_on, stopped.stop_reason) == (
        MedicationStatus.STOPPED,
        date(2026, 11, 20),
        "stopped",
    )
    undated = read_json(statement("completed"), vocabulary)
    assert undated.medications == ()
    assert [(u.what, u.why) for u in undated.left_out] == [
        ("MedicationStatement s1", "its status is completed with no end date")
    ]
    assert (
        read_json(statement("entered-in-error"), vocabulary).left_out[0].why
        == "its status is entered-in-error"
    )


def test_an_unknown_code_is_coded_by_its_name_or_left_uncoded() -> None:
    vocabulary = load_vocabulary()
    concept = {"coding": [{"system": RXNORM, "code": "314076"}], "text": "Lisinopril 10 MG Oral Tablet"}
    (coded,) = read_json(statement(medicationCodeableConcept=concept), vocabulary).medications
    assert (coded.rxnorm, coded.ingredients) == ("314076", ["lisinopril"])
    (uncoded,) = read_json(
        statement(medicationCodeableConcept={"text": "Tylenol PM"}), vocabulary
    ).medications
    assert not uncoded.coded and uncoded.rxnorm is None


def test_a_medication_reference_inside_the_bundle_is_followed() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:med-1",
                "resource": {
                    "resourceType": "Medication",
                    "id": "med-1",
                    "code": {"coding": [{"system": RXNORM, "code": "855332"}]},
                },
            },
            {
                "resource": {
                    **statement(),
                    "medicationCodeableConcept": None,
                    "medicationReference": {"reference": "urn:uuid:med-1"},
                }
            },
        ],
    }
    bundle["entry"][1]["resource"].pop("medicationCodeableConcept")
    (medication,) = read_json(bundle, load_vocabulary()).medications
    assert medication.ingredients == ["warfarin"] and medication.display == "RxNorm 855332"


def test_allergies_current_only_and_coded_to_ingredients() -> None:
    def allergy(code: dict[str, Any], clinical: str = "active") -> dict[str, Any]:
        status = {"coding": [{"code": clinical}]}
        return {
            "resource": {
                "resourceType": "AllergyIntolerance",
                "patient": {"reference": "Patient/p"},
                "code": code,
                "clinicalStatus": status,
            }
        }

    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            allergy({"coding": [{"system": RXNORM, "code": "7980", "display": "Penicillin G"}]}),
            allergy({"text": "Allergy to sulfa"}),
            allergy({"text": "Aspirin"}, clinical="resolved"),
        ],
    }
    assert read_json(bundle, load_vocabulary()).allergies == ("penicillin g", "sulfa")


def test_other_resources_are_refused_in_one_sentence() -> None:
    with pytest.raises(
        FhirUnreadable, match="is a FHIR Patient, not a FHIR Bundle, MedicationRequest or MedicationStatement"
    ):
        read_json({"resourceType": "Patient"}, load_vocabulary(), name="patient.json")
