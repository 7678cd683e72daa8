"""The new-patient duplicate check finds near matches through the search indexes and says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.duplicates import DuplicateReason
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.services import patients
from tests.conftest import sign_in

LAURA = {
    "mrn": "45878618",
    "given_name": "Laura",
    "family_name": "DiMarco",
    "date_of_birth": "1941-12-24",
    "sex_at_birth": "female",
}


def test_lora_dimarco_born_the_same_day_is_caught_before_saving(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    try:
        laura = patients.add_patient(nina, LAURA)
        lora = {**LAURA, "mrn": "NEW-77", "given_name": "Lora"}
        _patient, matches = patients.check_new_patient(nina, lora)
        assert [(m.row.id, m.reasons) for m in matches] == [(laura, (DuplicateReason.SPELT_ALIKE_SAME_DOB,))]
        with pytest.raises(ValidationFailed, match="may be the same person"):
            patients.add_patient(nina, lora)
        _patient, matches = patients.check_new_patient(
            nina, {**LAURA, "mrn": "NEW-79", "date_of_birth": "1941-12-04"}
        )
        assert not matches  # 12/04 is not 24/12 swapped; a different person
        _patient, matches = patients.check_new_patient(
            nina, {**LAURA, "mrn": "NEW-80", "given_name": "DiMarco", "family_name": "Laura"}
        )
        assert [m.reasons for m in matches] == [(DuplicateReason.SWAPPED_NAMES_SAME_DOB,)]
    finally:
        nina.vault.close()


def test_day_and_month_swapped(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    try:
        bob = patients.add_patient(
            nina,
            {
                **LAURA,
                "mrn": "BB-0001",
                "given_name": "Robert",
                "family_name": "Ng",
                "date_of_birth": "1950-03-04",
            },
        )
        _patient, matches = patients.check_new_patient(
            nina,
            {
                **LAURA,
                "mrn": "BB-0002",
                "given_name": "Robert",
                "family_name": "Ng",
                "date_of_birth": "1950-04-03",
            },
        )
        assert [(m.row.id, m.reasons) for m in matches] == [(bob, (DuplicateReason.DAY_MONTH_SWAPPED,))]
    finally:
        nina.vault.close()
