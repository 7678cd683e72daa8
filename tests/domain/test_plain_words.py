"""Error messages use the labels the user sees, never internal values."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from carecoord_desktop.domain.patients import Patient
from carecoord_desktop.domain.validation import field_errors


def test_a_wrong_choice_names_the_labels_shown_in_the_form() -> None:
    data = {"mrn": "A1234", "given_name": "Ada", "family_name": "Ng", "date_of_birth": "1950-01-01"}
    with pytest.raises(ValidationError) as refused:
        Patient.model_validate({**data, "sex_at_birth": "x", "gender_identity": "other_thing"})
    errors = field_errors(refused.value)
    assert errors["sex_at_birth"] == "Choose Female, Male or Unknown"
    assert "'" not in errors["gender_identity"] and "_" not in errors["gender_identity"]
    assert "Prefers not to say" in errors["gender_identity"]
