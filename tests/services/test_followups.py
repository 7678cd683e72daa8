"""Follow-ups and appointments through the services: states, due items, roles, and what a visit closes."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.appointments import AppointmentStatus
from carecoord_desktop.domain.discharge_checklist import ChecklistTask
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.followups import FollowUpState
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import appointments, due_items, followups, transitions
from carecoord_desktop.services.session import Session
from tests.referral_practice import TODAY, ReferralPractice, acting, build


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def follow_up(**changes: object) -> dict[str, Any]:
    return {
        "reason": "Blood pressure recheck",
        "due_from": "2026-11-20",
        "due_to": "2026-12-04",
        "owner_role": "front_desk",
        **changes,
    }


def visit(**changes: object) -> dict[str, Any]:
    return {
        "on": "2026-11-25",
        "at": "09:30",
        "with_whom": "Dr Priya Raman",
        "where": "Elm Street Family Practice, room 2",
        **changes,
    }


def _due(session: Session, patient_id: int) -> dict[str, tuple[date, str]]:
    return {
        f"{i.item.kind}:{i.item.source_id}": (i.item.due_on, i.item.label)
        for i in due_items.open_items(session, patient_id)
    }


def test_a_new_follow_up_is_open_and_due_by_the_end_of_its_window(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred") as desk:
        record = followups.create_follow_up(desk, patient, follow_up())
        assert record.state is FollowUpState.OPEN
        assert record.owner_label == "Front desk"
        assert _due(desk, patient)[f"follow_up:{record.id}"] == (date(2026, 12, 4), "Blood pressure recheck")
        assert not record.overdue(TODAY)
        assert record.overdue(date(2026, 12, 5))


def test_booking_schedules_the_follow_up_and_the_visit_closes_it(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred") as desk:
        record = followups.create_follow_up(desk, patient, follow_up())
        booked = appointments.book(desk, patient, visit(), about=("follow_ups", record.id))
        assert booked.status is AppointmentStatus.BOOKED
        chart = followups.for_chart(desk, patient)
        assert [(f.state, f.appointment_id) for f in chart.follow_ups] == [
            (FollowUpState.SCHEDULED, booked.id)
        ]
        assert f"follow_up:{record.id}" not in _due(desk, patient)
    with acting(practice.path, "fred", datetime(2026, 11, 25, 9, 40)) as desk:
        appointments.set_status(desk, patient, booked.id, "arrived")
        appointments.set_status(desk, patient, booked.id, "fulfilled")
        chart = followups.for_chart(desk, patient)
        assert chart.follow_ups[0].state is FollowUpState.DONE
        assert chart.appointments[0].status is AppointmentStatus.FULFILLED


def test_a_missed_visit_makes_a_no_show_to_rebook_and_a_cancelled_one_reopens(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred", datetime(2026, 11, 25, 12, 0)) as desk:
        record = followups.create_follow_up(desk, patient, follow_up())
        first = appointments.book(desk, patient, visit(), about=("follow_ups", record.id))
        appointments.set_status(desk, patient, first.id, AppointmentStatus.NO_SHOW)
        missed = followups.for_chart(desk, patient).follow_ups[0]
        assert missed.state is FollowUpState.NO_SHOW
        assert _due(desk, patient)[f"follow_up:{record.id}"] == (
            date(2026, 12, 4),
            "Rebook: Blood pressure recheck",
        )
        second = appointments.book(desk, patient, visit(on="2026-12-01"), about=("follow_ups", record.id))
        appointments.set_status(desk, patient, second.id, "cancelled", "Patient has the flu")
        reopened = followups.for_chart(desk, patient).follow_ups[0]
        assert reopened.state is FollowUpState.OPEN
        assert f"follow_up:{record.id}" in _due(desk, patient)


def test_status_moves_follow_the_table_and_the_calendar(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred") as desk:
        booked = appointments.book(desk, patient, visit())
        with pytest.raises(ValidationFailed, match="before that day"):
            appointments.set_status(desk, patient, booked.id, "fulfilled")
        with pytest.raises(ValidationFailed, match="Say why"):
            appointments.set_status(desk, patient, booked.id, "cancelled")
        appointments.set_status(desk, patient, booked.id, "cancelled", "Clinic closed")
        with pytest.raises(ValidationFailed, match="already cancelled; book a new one"):
            appointments.set_status(desk, patient, booked.id, "booked")


def test_done_and_cancelled_are_final_and_a_cancel_needs_a_reason(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred") as desk:
        first = followups.create_follow_up(desk, patient, follow_up())
        with pytest.raises(ValidationFailed, match="Say why"):
            followups.cancel(desk, patient, first.id, "  ")
        cancelled = followups.cancel(desk, patient, first.id, "Seen by cardiology instead")
        assert (cancelled.state, cancelled.close_reason) == (
            FollowUpState.CANCELLED,
            "Seen by cardiology instead",
        )
        with pytest.raises(ValidationFailed, match="already cancelled"):
            followups.mark_done(desk, patient, first.id)
        with pytest.raises(ValidationFailed, match="nothing to book"):
            appointments.book(desk, patient, visit(), about=("follow_ups", first.id))
        assert f"follow_up:{first.id}" not in _due(desk, patient)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_to": "2026-11-19"}, "end on or after"),
        ({"reason": " "}, "Say what the follow-up is for"),
        ({"owner_role": None}, "Choose who owns"),
        ({"owner_role": "admin"}, "Administrators"),
    ],
)
def test_bad_follow_ups_are_refused_with_a_plain_sentence(
    practice: ReferralPractice, changes: dict[str, object], message: str
) -> None:
    with acting(practice.path, "fred") as desk, pytest.raises(ValidationFailed, match=message):
        followups.create_follow_up(desk, practice.patient_ids[0], follow_up(**changes))


def test_a_follow_up_owned_by_a_person_names_them(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        record = followups.create_follow_up(
            nurse,
            practice.patient_ids[0],
            follow_up(owner_role=None, owner_staff_id=practice.staff_ids["Nina"]),
        )
        assert record.owner_label == "Nina Okafor"
        with pytest.raises(ValidationFailed, match="active staff member"):
            followups.create_follow_up(nurse, practice.patient_ids[0], follow_up(owner_staff_id=999))


def test_roles(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    for username in ("fred", "nina", "priya"):
        with acting(practice.path, username) as session:
            followups.create_follow_up(session, patient, follow_up())
    with acting(practice.path, "admin") as admin:
        with pytest.raises(PermissionDenied):
            followups.create_follow_up(admin, patient, follow_up())
        with pytest.raises(PermissionDenied):
            appointments.book(admin, patient, visit())
        with pytest.raises(PermissionDenied):
            followups.for_chart(admin, patient)


def test_a_booked_tcm_visit_ticks_the_checklist_and_its_fulfilment_meets_the_clock(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    discharge = {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": "2026-11-14",
        "discharged_on": "2026-11-17",
        "admission_type": "emergent",
        "disposition": "home",
        "diagnoses": ["Heart failure exacerbation"],
    }
    with acting(practice.path, "nina") as nurse:
        stay = transitions.record_stay(nurse, patient, discharge)
    with acting(practice.path, "fred") as desk:
        booked = appointments.book(
            desk, patient, visit(on="2026-11-23", kind="tcm_visit"), about=("transition_stays", stay.id)
        )
    with acting(practice.path, "nina", datetime(2026, 11, 23, 11, 0)) as nurse:
        tasks = {t.task: t.done_on for t in transitions.stays_for_chart(nurse, patient)[0].tasks}
        assert tasks[ChecklistTask.BOOK_VISIT] == TODAY
        appointments.set_status(nurse, patient, booked.id, "fulfilled")
        record = transitions.stays_for_chart(nurse, patient)[0].record
        assert record.met[ClockKind.VISIT] == date(2026, 11, 23)
        assert "tcm.visit" not in {i.item.kind for i in due_items.open_items(nurse, patient)}


def test_a_qualifying_discharge_plans_its_visit_as_a_front_desk_follow_up(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    discharge = {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": "2026-11-10",
        "discharged_on": "2026-11-13",  # a Friday: the 7-day visit is due Friday 20th
        "disposition": "home",
    }
    with acting(practice.path, "nina") as nurse:
        stay = transitions.record_stay(nurse, patient, discharge)
    with acting(practice.path, "fred") as desk:
        (planned,) = followups.for_chart(desk, patient).follow_ups
        assert (planned.follow_up.reason, planned.follow_up.due_from, planned.follow_up.due_to) == (
            followups.DISCHARGE_VISIT_REASON,
            date(2026, 11, 14),
            date(2026, 11, 20),
        )
        assert (planned.follow_up.serves_id, planned.owner_label) == (stay.id, "Front desk")
        booked = appointments.book(
            desk, patient, visit(on="2026-11-19", kind="tcm_visit"), about=("follow_ups", planned.id)
        )
    with acting(practice.path, "nina", datetime(2026, 11, 19, 16, 0)) as nurse:
        (shown,) = transitions.stays_for_chart(nurse, patient)
        assert {t.task: t.done_on for t in shown.tasks}[ChecklistTask.BOOK_VISIT] == TODAY
        appointments.set_status(nurse, patient, booked.id, "fulfilled")
        assert transitions.stays_for_chart(nurse, patient)[0].record.met[ClockKind.VISIT] == date(
            2026, 11, 19
        )
        assert followups.for_chart(nurse, patient).follow_ups[0].state is FollowUpState.DONE


def test_a_stay_entered_in_error_cancels_its_follow_up(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    discharge = {
        "kind": "observation",
        "facility_name": "Mercy",
        "admitted_on": "2026-11-12",
        "discharged_on": "2026-11-13",
        "disposition": "home",
    }
    with acting(practice.path, "nina") as nurse:
        stay = transitions.record_stay(nurse, patient, discharge)
        transitions.mark_entered_in_error(nurse, patient, stay.id, "Wrong patient")
        (planned,) = followups.for_chart(nurse, patient).follow_ups
        assert (planned.state, planned.close_reason) == (
            FollowUpState.CANCELLED,
            "The stay was entered in error",
        )
        assert not [i for i in due_items.open_items(nurse, patient) if i.item.kind == "follow_up"]


def test_another_patients_rows_are_refused(practice: ReferralPractice) -> None:
    first, second = practice.patient_ids
    with acting(practice.path, "fred") as desk:
        record = followups.create_follow_up(desk, first, follow_up())
        with pytest.raises(ValidationFailed, match="another patient"):
            appointments.book(desk, second, visit(), about=("follow_ups", record.id))
        with pytest.raises(ValidationFailed, match="another patient"):
            followups.mark_done(desk, second, record.id)
