"""Near-duplicate matching as registration clerks expect, each match with its reason."""

from __future__ import annotations

from typing import Any

import pytest

from carecoord_desktop.domain.duplicates import DuplicateReason as R
from carecoord_desktop.domain.duplicates import duplicate_reasons, edit_distance, soundex
from carecoord_desktop.domain.patients import Patient

LAURA: dict[str, Any] = {
    "mrn": "45878618",
    "given_name": "Laura",
    "family_name": "DiMarco",
    "date_of_birth": "1941-12-24",
    "sex_at_birth": "female",
}


def patient(**changes: Any) -> Patient:
    return Patient.model_validate({**LAURA, "mrn": "NEW-1", **changes})


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, R.SAME_NAME_AND_DOB),
        ({"given_name": "Lora"}, R.SPELT_ALIKE_SAME_DOB),
        ({"family_name": "Di Marco"}, R.SPELT_ALIKE_SAME_DOB),
        ({"family_name": "Demarkoe"}, R.SOUNDS_ALIKE_SAME_DOB),
        ({"given_name": "DiMarco", "family_name": "Laura"}, R.SWAPPED_NAMES_SAME_DOB),
        ({"date_of_birth": "1941-12-24", "given_name": "Laurie"}, R.SPELT_ALIKE_SAME_DOB),
    ],
)
def test_same_birth_date_with_a_similar_name(changes: dict[str, Any], reason: R) -> None:
    assert duplicate_reasons(patient(**changes), Patient.model_validate(LAURA)) == (reason,)


def test_nickname_and_swapped_day_and_month() -> None:
    bob = {**LAURA, "given_name": "Robert", "family_name": "Ng", "date_of_birth": "1950-03-04"}
    existing = Patient.model_validate(bob)
    assert duplicate_reasons(
        patient(given_name="Bob", family_name="Ng", date_of_birth="1950-03-04"), existing
    ) == (R.NICKNAME_SAME_DOB,)
    assert duplicate_reasons(
        patient(given_name="Robert", family_name="Ng", date_of_birth="1950-04-03"), existing
    ) == (R.DAY_MONTH_SWAPPED,)


def test_phone_mrn_and_address_say_why_and_strangers_do_not_match() -> None:
    address = {"line1": "12 Elm St", "city": "Salem", "state": "MA", "postal_code": "01970"}
    existing = Patient.model_validate({**LAURA, "address": address, "phones": {"home": "+16175550142"}})
    husband = patient(given_name="Frank", date_of_birth="1939-05-01", address=address)
    assert duplicate_reasons(husband, existing) == (R.SAME_ADDRESS_AND_NAME,)
    same_phone = patient(
        given_name="Ann", family_name="Other", date_of_birth="1980-01-01", phones={"home": "+16175550142"}
    )
    assert duplicate_reasons(same_phone, existing) == (R.SAME_PHONE,)
    assert duplicate_reasons(patient(mrn="45878618", given_name="Zed", family_name="Q"), existing) == (
        R.SAME_MRN,
    )
    assert duplicate_reasons(patient(given_name="Mary", family_name="Jones"), existing) == ()
    assert duplicate_reasons(patient(given_name="Laura", date_of_birth="1941-12-25"), existing) == ()


def test_edit_distance_and_soundex() -> None:
    assert edit_distance("laura", "lora") == 2
    assert edit_distance("dimarco", "dimacro") == 1  # transposition
    assert soundex("robert") == soundex("rupert") == "r163"
    assert soundex("王芳") == ""


def test_every_reason_has_a_plain_label() -> None:
    assert [r.label for r in R][:2] == ["same name and date of birth", "name spelt alike, same date of birth"]
    assert all(r.label and "_" not in r.label for r in R)
