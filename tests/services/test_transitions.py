"""Transitions through the services: stamps, audit, roles, TCM due items in the same transaction."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.transitions import ClockKind, ClockStatus
from carecoord_desktop.services import audit_trail, due_items, transitions
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build

MONDAY = datetime(2026, 11, 23, 10, 0)  # the Monday after a Friday discharge (practice time, US-MA)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def stay(**changes: object) -> dict[str, Any]:
    return {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": "2026-11-14",
        "discharged_on": "2026-11-20",
        "admission_type": "emergent",
        "disposition": "home",
        "diagnoses": ["Heart failure exacerbation"],
        "ed_visits_6m": 2,
        **changes,
    }


def _open(session: Session, patient_id: int) -> dict[str, tuple[date, bool]]:
    return {
        i.item.kind: (i.item.due_on, i.overdue)
        for i in due_items.open_items(session, patient_id)
        if i.item.kind.startswith("tcm.")
    }


def _actions(path: Path, action: str) -> list[tuple[str, str]]:
    with acting(path, "admin") as admin:
        return [(e.username, e.outcome) for e in audit_trail.search(admin, AuditFilter(action=action))]


def test_a_qualifying_discharge_starts_its_tcm_clocks_as_due_items(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        assert record.stamps.created_by == "nina"
        assert _open(nurse, patient) == {
            "tcm.contact": (date(2026, 11, 24), False),  # Friday discharge: due Tuesday
            "tcm.visit": (date(2026, 11, 27), False),  # high complexity by default: discharge + 7
            "tcm.med_rec": (date(2026, 12, 20), False),  # day 30
        }
    assert ("nina", "ok") in _actions(practice.path, "transition.record")
    with acting(practice.path, "nina", datetime(2026, 11, 25, 9, 0)) as nurse:
        assert _open(nurse, patient)["tcm.contact"] == (date(2026, 11, 24), True)  # overdue the day after


def test_moderate_complexity_gives_the_14_day_visit(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        transitions.record_stay(nurse, patient, stay(complexity="moderate"))
        assert _open(nurse, patient)["tcm.visit"] == (date(2026, 12, 4), False)


@pytest.mark.parametrize(
    "changes",
    [{"kind": "ed_visit", "admitted_on": "2026-11-20"}, {"disposition": "snf"}, {"disposition": "died"}],
)
def test_a_stay_that_does_not_qualify_starts_no_clock(
    practice: ReferralPractice, changes: dict[str, object]
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay(**changes))
        assert _open(nurse, patient) == {}
        with pytest.raises(ValidationFailed, match="no TCM clocks"):
            transitions.mark_done(nurse, patient, record.id, ClockKind.CONTACT)


def test_a_facility_from_the_directory_is_recorded_under_its_directory_name(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(
            nurse,
            practice.patient_ids[0],
            stay(facility_id=practice.directory_ids[1], facility_name="beacon"),
        )
    assert (record.stay.facility_id, record.stay.facility_name) == (
        practice.directory_ids[1],
        "Beacon Heart Center",
    )


def test_contact_made_meets_the_clock_and_leaves_the_due_items(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        done = transitions.mark_done(nurse, patient, record.id, ClockKind.CONTACT)
        assert done.met == {ClockKind.CONTACT: date(2026, 11, 23)}  # the practice's today
        clocks = {c.kind: c.status for c in done.clocks(nurse.clock.today(), nurse.clock.calendar)}
        assert clocks[ClockKind.CONTACT] is ClockStatus.MET
        assert set(_open(nurse, patient)) == {"tcm.visit", "tcm.med_rec"}
        late = transitions.mark_done(nurse, patient, record.id, ClockKind.VISIT, date(2026, 11, 23))
        assert set(_open(nurse, patient)) == {"tcm.med_rec"}
        assert late.met[ClockKind.VISIT] == date(2026, 11, 23)
    assert ("nina", "ok") in _actions(practice.path, "transition.contact_done")


def test_work_dated_before_the_discharge_or_in_the_future_is_refused(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        for day in (date(2026, 11, 19), date(2026, 11, 24)):
            with pytest.raises(ValidationFailed):
                transitions.mark_done(nurse, patient, record.id, ClockKind.CONTACT, day)
        assert transitions.list_stays(nurse, patient)[0].met == {}
        assert "tcm.contact" in _open(nurse, patient)


def test_a_future_discharge_is_refused_next_to_its_field_and_nothing_is_saved(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        with pytest.raises(ValidationFailed) as refused:
            transitions.record_stay(nurse, patient, stay(discharged_on="2026-11-24"))
        assert "discharged_on" in refused.value.field_errors
        with pytest.raises(ValidationFailed) as refused:
            transitions.record_stay(nurse, patient, stay(discharged_on="2026-11-10"))
        assert "discharged_on" in refused.value.field_errors
        assert transitions.list_stays(nurse, patient) == []
        assert _open(nurse, patient) == {}


def test_the_front_desk_may_neither_record_nor_read_stays(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "fred", MONDAY) as desk:
        with pytest.raises(PermissionDenied):
            transitions.record_stay(desk, patient, stay())
        with pytest.raises(PermissionDenied):
            transitions.list_stays(desk, patient)
    assert ("fred", "refused") in _actions(practice.path, "transition.record")


def test_entered_in_error_leaves_the_chart_and_the_due_items_and_stays_on_record(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        with pytest.raises(ValidationFailed, match="Say why"):
            transitions.mark_entered_in_error(nurse, patient, record.id, "  ")
        marked = transitions.mark_entered_in_error(nurse, patient, record.id, "Wrong patient")
        assert marked.entered_in_error is not None and marked.entered_in_error.by == "nina"
        assert transitions.list_stays(nurse, patient) == []
        assert [r.id for r in transitions.list_stays(nurse, patient, include_all=True)] == [record.id]
        assert _open(nurse, patient) == {}
        with pytest.raises(ValidationFailed, match="another patient"):
            transitions.mark_done(nurse, practice.patient_ids[1], record.id, ClockKind.CONTACT)


def test_risk_inputs_round_trip_with_unknowns_kept_unknown(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        transitions.record_stay(
            nurse, patient, stay(charlson_items=["chf", "copd"], haemoglobin_g_dl=10.5, admissions_12m=None)
        )
        saved = transitions.list_stays(nurse, patient)[0]
    lace, hospital = saved.stay.lace(), saved.stay.hospital()
    # L 7 days -> 5, A emergent -> 3, C charlson 4 -> 5, E 2 visits -> 2
    assert lace is not None and (lace.score, lace.points["C"]) == (15, 5)
    assert hospital is not None and hospital.score is None
    assert {i.key for i in hospital.missing} == {"O", "S", "P", "A"}
    assert hospital.points["H"] == 1


def _attempt(session: Session, patient: int, stay_id: int, **data: object) -> Any:
    return transitions.log_contact_attempt(session, patient, stay_id, {"channel": "phone", **data})


def test_two_unanswered_calls_inside_the_window_meet_the_contact_clock(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[1]
    with acting(practice.path, "nina", datetime(2026, 11, 24, 16, 0)) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        first = _attempt(nurse, patient, record.id, outcome="no_answer", on="2026-11-23")
        assert ClockKind.CONTACT not in first.met and "tcm.contact" in _open(nurse, patient)
        second = _attempt(nurse, patient, record.id, outcome="wrong_number")
        assert second.met[ClockKind.CONTACT] == date(2026, 11, 24)  # the day of the second attempt
        assert "tcm.contact" not in _open(nurse, patient)
        logged = transitions.stays_for_chart(nurse, patient)[0].attempts
        assert [(a.on, a.outcome.value, a.by_name) for a in logged] == [
            (date(2026, 11, 23), "no_answer", "Nina Okafor"),
            (date(2026, 11, 24), "wrong_number", "Nina Okafor"),
        ]
    assert ("nina", "ok") in _actions(practice.path, "transition.contact_attempt")


def test_unanswered_calls_after_the_due_date_do_not_count_but_reaching_the_patient_does(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[1]
    with acting(practice.path, "nina", datetime(2026, 11, 27, 11, 0)) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        _attempt(nurse, patient, record.id, outcome="no_answer", on="2026-11-25")
        late = _attempt(nurse, patient, record.id, outcome="no_answer", on="2026-11-25")
        assert ClockKind.CONTACT not in late.met
        assert _open(nurse, patient)["tcm.contact"] == (date(2026, 11, 24), True)  # still overdue
        reached = _attempt(nurse, patient, record.id, outcome="reached")
        clocks = {c.kind: c.status for c in reached.clocks(nurse.clock.today(), nurse.clock.calendar)}
        assert clocks[ClockKind.CONTACT] is ClockStatus.MET_LATE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"channel": "text", "outcome": "reached"}, "rule out text"),  # the patient blocked texts
        ({"channel": "phone", "outcome": "left_voicemail"}, "not allowed voicemail"),  # no consent on file
    ],
)
def test_an_attempt_against_the_patients_preferences_is_refused_and_not_saved(
    practice: ReferralPractice, data: dict[str, object], message: str
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        with pytest.raises(ValidationFailed, match=message):
            transitions.log_contact_attempt(nurse, patient, record.id, data)
        assert transitions.stays_for_chart(nurse, patient)[0].attempts == []


def test_a_qualifying_discharge_starts_its_checklist_with_owners_and_due_items(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = transitions.record_stay(nurse, patient, stay())
        tasks = transitions.stays_for_chart(nurse, patient)[0].tasks
        assert [(t.task.value, t.owner.value, t.due_on) for t in tasks] == [
            ("home_health", "nurse_coordinator", date(2026, 11, 24)),
            ("book_visit", "front_desk", date(2026, 11, 25)),
            ("pending_tests", "nurse_coordinator", date(2026, 11, 27)),
            ("summary_review", "provider", date(2026, 11, 27)),
            ("referrals", "nurse_coordinator", date(2026, 11, 27)),
        ]
        open_labels = {i.item.label for i in due_items.open_items(nurse, patient)}
        assert {"Book the face-to-face visit", "Pending tests followed up"} <= open_labels
        ed_visit = transitions.record_stay(nurse, patient, stay(kind="ed_visit", admitted_on="2026-11-20"))
        by_stay = {s.record.id: s.tasks for s in transitions.stays_for_chart(nurse, patient)}
        assert by_stay[ed_visit.id] == [] and len(by_stay[record.id]) == 5
    book, tests_task = tasks[1], tasks[2]
    with acting(practice.path, "fred", MONDAY) as desk:
        done = transitions.mark_task_done(desk, patient, book.id)  # scheduling: the front desk's task
        assert (done.done_on, done.done_by) == (date(2026, 11, 23), "fred")
        with pytest.raises(PermissionDenied):
            transitions.mark_task_done(desk, patient, tests_task.id)  # clinical work
    with acting(practice.path, "nina", MONDAY) as nurse:
        open_labels = {i.item.label for i in due_items.open_items(nurse, patient)}
        assert "Book the face-to-face visit" not in open_labels and "Pending tests followed up" in open_labels
