"""Care plans through the services: from templates, corrected, reviewed, revised, copy given; due items, roles."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.care_plans import GoalAchievement, PlanStatus
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.followups import Serves
from carecoord_desktop.services import care_plan_templates, care_plans, due_items, followups, patients
from tests.referral_practice import TODAY, ReferralPractice, acting, build


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    built = build(vault_path)
    with acting(built.path, "nina") as nurse:
        chart = patients.open_chart(nurse, built.patient_ids[0])
        record = chart.patient.model_dump(mode="json")
        record["clinical"]["problems"] = [
            {"text": "Type 2 diabetes", "code_system": "icd-10-cm", "code": "E11.9"},
            {"text": "Old ankle sprain", "status": "resolved"},
        ]
        patients.update_patient(nurse, built.patient_ids[0], {"clinical": record["clinical"]})
    return built


def draft(practice: ReferralPractice, nurse: Any, *keys: str) -> dict[str, Any]:
    data = care_plans.draft_from_templates(nurse, practice.patient_ids[0], list(keys or ("diabetes",)))
    for item in data["interventions"]:
        if item["responsible"]["kind"] == "staff":
            item["responsible"]["staff_id"] = practice.staff_ids["Nina"]
    return data


def _open(nurse: Any, patient_id: int) -> dict[str, date]:
    return {i.item.kind: i.item.due_on for i in due_items.open_items(nurse, patient_id)}


def _plan_follow_ups(nurse: Any, patient_id: int) -> list[tuple[str, date, str, str | None]]:
    return [
        (f.follow_up.reason, f.follow_up.due_to, f.state.value, f.owner_name)
        for f in followups.for_chart(nurse, patient_id).follow_ups
        if f.follow_up.serves is Serves.CARE_PLAN
    ]


def test_a_plan_from_a_template_has_the_chart_problems_and_a_review_due_item(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        data = draft(practice, nurse, "diabetes")
        data["interventions"][1]["due_on"] = date(2026, 12, 1)
        record = care_plans.create_plan(nurse, patient, data)
        plan = record.plan
        assert [p.text for p in plan.problems] == ["Type 2 diabetes"]  # the resolved one is not carried
        assert plan.goals[0].measure == "A1C blood test" and plan.goals[0].due_on == date(2027, 5, 18)
        assert plan.interventions[1].responsible.name == "Nina Okafor"
        assert plan.call_911_if and plan.education and plan.next_review_on == date(2027, 5, 18)
        assert _open(nurse, patient) == {
            "care_plan.review": date(2027, 5, 18),
            "follow_up": date(2026, 12, 1),
        }
        assert _plan_follow_ups(nurse, patient) == [
            (
                "Call to go over your blood sugar log and answer questions",
                date(2026, 12, 1),
                "open",
                "Nina Okafor",
            )
        ]
        with pytest.raises(ValidationFailed, match="already has a care plan"):
            care_plans.create_plan(nurse, patient, data)


def test_a_template_edit_does_not_change_a_plan_already_made(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        made = care_plans.create_plan(nurse, patient, draft(practice, nurse))
        template = care_plan_templates.get_template(nurse, "diabetes").model_dump(mode="json")
        template["text"]["en"]["goals"][0]["target"] = "Below 8%"
        template["text"]["en"]["call_911_if"] = ["Something new."]
        care_plan_templates.save_template(nurse, template)
        shown = care_plans.for_chart(nurse, patient).active
        assert shown is not None and shown.plan == made.plan
        assert shown.plan.goals[0].target == "Below 7%" and "Something new." not in shown.plan.call_911_if
        assert draft(practice, nurse)["goals"][0]["target"] == "Below 8%"  # a new plan takes the edit


def test_a_review_records_progress_and_moves_the_next_review(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        record = care_plans.create_plan(nurse, patient, draft(practice, nurse))
    with acting(practice.path, "priya", datetime(2027, 6, 1, 9, 0)) as provider:
        assert care_plans.review_due_patient_ids(provider) == [patient]
        assert care_plans.for_chart(provider, patient).review_due
        review = care_plans.record_review(
            provider,
            patient,
            record.id,
            {"progress": [{"goal": 0, "achievement": "improving", "note": "A1C 7.4"}], "note": "Doing well"},
        )
        assert (review.reviewed_on, review.next_review_on) == (date(2027, 6, 1), date(2027, 12, 1))
        assert review.reviewer == "Dr Priya Raman"
        shown = care_plans.for_chart(provider, patient)
        assert (
            shown.active is not None and shown.active.plan.goals[0].achievement is GoalAchievement.IMPROVING
        )
        assert not shown.review_due and shown.reviews == [review]
        assert _open(provider, patient)["care_plan.review"] == date(2027, 12, 1)
        assert care_plans.review_due_patient_ids(provider) == []


def test_a_revision_keeps_the_old_version_and_says_what_changed(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        first = care_plans.create_plan(nurse, patient, draft(practice, nurse))
        data = first.plan.model_dump(mode="json")
        data["goals"].append({"description": "Lose weight", "measure": "Weight", "target": "Down 5 pounds"})
        data["prognosis"] = "Good with steady care."
        with pytest.raises(ValidationFailed, match="Say why"):
            care_plans.revise_plan(nurse, patient, first.id, data, " ")
        second = care_plans.revise_plan(nurse, patient, first.id, data, "After the hospital stay")
        assert (second.version, second.supersedes_id) == (2, first.id)
        assert second.changes == "After the hospital stay\nChanged the prognosis.\nGoals: 1 added."
        shown = care_plans.for_chart(nurse, patient)
        assert shown.active == second
        assert [(r.id, r.status) for r in shown.earlier] == [(first.id, PlanStatus.SUPERSEDED)]
        with pytest.raises(ValidationFailed, match="no longer the current"):
            care_plans.record_copy_given(nurse, patient, first.id)
        given = care_plans.record_copy_given(nurse, patient, second.id)
        assert given.copy_given_on == TODAY
        assert list(_open(nurse, patient)) == ["care_plan.review"]


def test_intervention_due_dates_are_follow_ups_that_follow_the_plan(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        data = draft(practice, nurse)
        data["interventions"][1]["due_on"] = "12/01/2026"
        data["interventions"][2]["due_on"] = "01/15/2027"
        first = care_plans.create_plan(nurse, patient, data)
        assert len(_plan_follow_ups(nurse, patient)) == 2
        revised = first.plan.model_dump(mode="json")
        revised["interventions"][2]["due_on"] = None
        revised["interventions"][2]["status"] = "cancelled"
        second = care_plans.revise_plan(nurse, patient, first.id, revised, "The A1C test is done elsewhere")
        shown = sorted(_plan_follow_ups(nurse, patient))
        assert [(reason[:10], due, state) for reason, due, state, _owner in shown] == [
            ("A1C blood ", date(2027, 1, 15), "cancelled"),
            ("Call to go", date(2026, 12, 1), "open"),  # kept across the revision, not made twice
        ]
        care_plans.mark_entered_in_error(nurse, patient, second.id, "Wrong patient")
        assert {state for _r, _d, state, _o in _plan_follow_ups(nurse, patient)} == {"cancelled"}
        assert "follow_up" not in _open(nurse, patient) and "care_plan.review" not in _open(nurse, patient)


def test_wrong_input_is_refused_in_plain_words_and_nothing_is_saved(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        data = draft(practice, nurse)
        data["next_review_on"] = date(2028, 6, 1)
        with pytest.raises(ValidationFailed, match="at least every 12 months"):
            care_plans.create_plan(nurse, patient, data)
        data = draft(practice, nurse)
        data["interventions"][1]["responsible"] = {"kind": "staff"}
        with pytest.raises(ValidationFailed) as caught:
            care_plans.create_plan(nurse, patient, data)
        assert (
            caught.value.message
            == "Check intervention 2 of the care plan: Choose the staff member who is responsible."
        )
        data = draft(practice, nurse)
        data["interventions"][0]["frequency"] = ""
        with pytest.raises(ValidationFailed, match="due date or how often"):
            care_plans.create_plan(nurse, patient, data)
        data = draft(practice, nurse)
        data["coordination"] = [{"provider": "Somewhere", "how": "Fax", "referral_id": 9999}]
        with pytest.raises(ValidationFailed, match="not on this patient's chart"):
            care_plans.create_plan(nurse, patient, data)
        assert care_plans.for_chart(nurse, patient).active is None


def test_the_front_desk_sees_no_care_plan(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred") as front, pytest.raises(PermissionDenied):
        care_plans.for_chart(front, practice.patient_ids[0])
