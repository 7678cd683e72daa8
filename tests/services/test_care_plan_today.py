"""A coordinator's Today lists their patients' care plans due a review within the week, overdue first, each
opening the chart's Care plan tab; another coordinator's patients stay off it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.today import OpenKind
from carecoord_desktop.services import care_plans, patients, today
from tests.referral_practice import ReferralPractice, acting, build


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _plan(practice: ReferralPractice, patient_id: int, next_review: str) -> None:
    with acting(practice.path, "nina", datetime(2026, 11, 2, 9)) as nurse:
        data = care_plans.draft_from_templates(nurse, patient_id, ["hypertension"])
        for item in data["interventions"]:
            item["responsible"] = {"kind": "patient"}
        data["next_review_on"] = next_review
        care_plans.create_plan(nurse, patient_id, data)


def test_reviews_due_this_week_are_on_the_coordinators_today(practice: ReferralPractice) -> None:
    rosa, tom = practice.patient_ids  # Rosa is Nina's; nobody coordinates Tom
    _plan(practice, rosa, "11/20/2026")
    _plan(practice, tom, "11/27/2026")
    with acting(practice.path, "nina", datetime(2026, 11, 23, 9)) as nurse:
        [section] = [s for s in today.today_for(nurse) if s.key == "care_plans"]
        assert [
            (r.patient_name, r.due_on.isoformat() if r.due_on else "", r.status.value) for r in section.rows
        ] == [
            ("Alvarez, Rosa", "2026-11-20", "overdue"),
            ("Baker, Tom", "2026-11-27", "due"),
        ]
        assert section.rows[0].what == "Review “High blood pressure care plan” with the patient"
        assert section.rows[0].opens.kind is OpenKind.CHART and section.rows[0].opens.section == "care_plan"
        record = patients.open_chart(nurse, tom)
        patients.update_patient(
            nurse, tom, {"coordinator_id": practice.staff_ids["Dr"]}
        )  # now someone else's
        assert record.id == tom
        [section] = [s for s in today.today_for(nurse) if s.key == "care_plans"]
        assert [r.patient_name for r in section.rows] == ["Alvarez, Rosa"]
