"""Allergies in their own rows: the chart's list, removal that ends a row, entered-in-error, coded allergens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.allergies import AllergyStatus
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import allergies, auth, patients
from carecoord_desktop.services.session import Session
from tests.conftest import sign_in

THREE = [
    {"substance": "Penicillin", "category": "medication", "reactions": ["Hives"], "severity": "severe"},
    {"substance": "Peanuts", "category": "food"},
    {"substance": "Latex", "category": "environment"},
]


@pytest.fixture
def nina(practice: Path) -> Iterator[Session]:
    session = sign_in(practice, "nina")
    session.clock = PracticeClock.fixed(datetime(2026, 11, 20, 10, 0))
    yield session
    auth.sign_out(session)


def _patient(session: Session, allergy_list: list[dict[str, Any]]) -> int:
    return patients.add_patient(
        session,
        {
            "mrn": "A-0001",
            "given_name": "Lena",
            "family_name": "Berg",
            "date_of_birth": "1948-07-01",
            "sex_at_birth": "female",
            "clinical": {"allergies": allergy_list},
        },
    )


def test_removing_the_first_of_three_allergies_ends_that_one_only(nina: Session) -> None:
    patient_id = _patient(nina, THREE)
    chart = patients.update_patient(nina, patient_id, {"clinical": {"allergies": THREE[1:]}})
    assert [a.substance for a in chart.patient.clinical.allergies] == ["Peanuts", "Latex"]
    stored = {
        r.allergy.substance: r.status for r in allergies.list_allergies(nina, patient_id, include_all=True)
    }
    assert stored == {
        "Penicillin": AllergyStatus.INACTIVE,
        "Peanuts": AllergyStatus.ACTIVE,
        "Latex": AllergyStatus.ACTIVE,
    }
    newest = patients.history(nina, patient_id)[0]
    assert [(c.label, c.old, c.new) for c in newest.changes] == [
        ("Clinical › Allergies 1 › Status", "active", "inactive")
    ]


def test_entered_in_error_leaves_the_chart_and_stays_on_record(nina: Session) -> None:
    patient_id = _patient(nina, THREE[:1])
    (penicillin,) = allergies.list_allergies(nina, patient_id)
    with pytest.raises(ValidationFailed, match="Say why"):
        allergies.mark_entered_in_error(nina, patient_id, penicillin.id, "   ")
    marked = allergies.mark_entered_in_error(nina, patient_id, penicillin.id, "Wrong patient's chart")
    assert marked.entered_in_error is not None
    assert (marked.entered_in_error.reason, marked.entered_in_error.by) == ("Wrong patient's chart", "nina")
    assert patients.open_chart(nina, patient_id).patient.clinical.allergies == ()
    assert allergies.list_allergies(nina, patient_id) == []
    assert [r.id for r in allergies.list_allergies(nina, patient_id, include_all=True)] == [penicillin.id]


def test_a_coded_allergen_keeps_its_code_when_a_form_without_codes_saves(nina: Session) -> None:
    coded = {**THREE[0], "code_system": "rxnorm", "code": "7980"}
    patient_id = _patient(nina, [coded])
    patients.update_patient(
        nina, patient_id, {"clinical": {"allergies": [{**THREE[0], "severity": "moderate"}]}}
    )
    (row,) = allergies.list_allergies(nina, patient_id)
    assert (row.allergy.code_system, row.allergy.code, row.allergy.severity) == ("rxnorm", "7980", "moderate")
    with pytest.raises(ValidationFailed, match="RxNorm"):
        patients.update_patient(nina, patient_id, {"clinical": {"allergies": [{**coded, "code": "x1"}]}})


def test_the_same_substance_twice_is_refused(nina: Session) -> None:
    with pytest.raises(ValidationFailed, match="listed twice"):
        _patient(nina, [THREE[0], {"substance": " penicillin "}])


def test_front_desk_cannot_read_the_allergy_rows(practice: Path, nina: Session) -> None:
    patient_id = _patient(nina, THREE[:1])
    auth.sign_out(nina)
    fred = sign_in(practice, "fred")
    try:
        with pytest.raises(PermissionDenied):
            allergies.list_allergies(fred, patient_id)
        assert patients.open_chart(fred, patient_id).patient.clinical.allergies == ()
    finally:
        auth.sign_out(fred)
