"""The practice's templates: the defaults copied into the vault once, edited in Admin, refused to the front desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import care_plan_templates
from tests.referral_practice import ReferralPractice, acting, build


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def test_the_defaults_are_copied_in_once_and_the_practice_edits_its_copy(practice: ReferralPractice) -> None:
    with acting(practice.path, "admin") as admin:
        listed = care_plan_templates.list_templates(admin)
        assert [t.template.key for t in listed] == [
            "copd",
            "depression",
            "diabetes",
            "heart_failure",
            "hypertension",
        ]
        diabetes = care_plan_templates.get_template(admin, "diabetes")
        data = diabetes.model_dump(mode="json")
        data["text"]["en"]["call_us_if"] = [
            *data["text"]["en"]["call_us_if"],
            "Your sugar is over 250 for 3 days.",
        ]
        care_plan_templates.save_template(admin, data)
    with acting(practice.path, "nina") as nurse:
        edited = care_plan_templates.get_template(nurse, "diabetes").text["en"].call_us_if
        assert edited[-1] == "Your sugar is over 250 for 3 days."
        assert len(care_plan_templates.list_templates(nurse)) == 5  # not copied in a second time


def test_a_practice_adds_its_own_and_retires_one(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        care_plan_templates.save_template(
            nurse,
            {"key": "ckd", "condition_codes": "N18", "text": {"en": {"name": "Chronic kidney disease"}}},
        )
        copd = care_plan_templates.get_template(nurse, "copd")
        care_plan_templates.save_template(nurse, copd.model_dump(mode="json"), active=False)
        keys = [t.template.key for t in care_plan_templates.list_templates(nurse)]
        assert "ckd" in keys and "copd" not in keys
        assert [t.key for t in care_plan_templates.templates_for_problems(nurse, ["N18.3"])] == ["ckd"]
        with pytest.raises(ValidationFailed, match="template's key"):
            care_plan_templates.save_template(nurse, {"key": "Bad Key", "text": {"en": {"name": "x"}}})


def test_the_front_desk_may_not_read_or_edit_templates(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred") as front, pytest.raises(PermissionDenied):
        care_plan_templates.list_templates(front)
