"""The Today screens' contents per role, and the front desk's call list with its contact rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.referrals import ReferralState as S
from carecoord_desktop.domain.today import OpenKind
from carecoord_desktop.services import (
    audit_trail,
    call_list,
    patients,
    referral_worklist,
    today,
    today_sources,
)
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from tests.referral_practice import ReferralPractice, acting
from tests.today_practice import TUESDAY, build_today


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build_today(vault_path)


def _sections(path: Path, username: str) -> dict[str, list[tuple[str, str, str, str]]]:
    with acting(path, username, TUESDAY) as session:
        found = today.today_for(session)
    return {
        s.key: [
            (r.patient_name, r.kind, r.due_on.isoformat() if r.due_on else "", r.status.value) for r in s.rows
        ]
        for s in found
    }


def test_a_coordinator_sees_their_tcm_clocks_due_today_first_and_their_overdue_referrals(
    practice: ReferralPractice,
) -> None:
    sections = _sections(practice.path, "nina")
    assert list(sections) == ["tcm", "referrals", "followups", "care_plans", "reconciliations"]
    # No care plan or reconciliation in this practice (tests/services/test_care_plan_today.py, test_medrec_today.py)
    assert sections["care_plans"] == sections["reconciliations"] == []
    assert sections["followups"] == [("Alvarez, Rosa", "Follow-up", "2026-11-26", "due")]
    assert sections["tcm"] == [
        ("Alvarez, Rosa", "TCM contact", "2026-11-24", "due_today"),  # Friday discharge: Tuesday
        ("Baker, Tom", "TCM visit", "2026-11-24", "due_today"),  # nobody coordinates Tom: shown to all
        ("Baker, Tom", "TCM contact", "2026-11-19", "overdue"),
        ("Alvarez, Rosa", "TCM visit", "2026-11-27", "due"),  # within 3 days; med rec on day 30 is not yet
    ]
    # Only her own referrals (not Tom's no-show: nobody coordinates it), oldest first: the draft (to send
    # within 2 business days of Tuesday 11/10; Veterans Day on 11/11) and the report back (review in 3).
    assert sections["referrals"] == [
        ("Alvarez, Rosa", "Overdue referral", "2026-11-13", "overdue"),
        ("Alvarez, Rosa", "Overdue referral", "2026-11-16", "overdue"),
    ]


def test_a_provider_sees_the_reports_waiting_for_their_review_and_each_opens_its_referral(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "priya", TUESDAY) as provider:
        section, questions = today.today_for(provider)
        assert (section.key, questions.key, questions.rows) == ("reports", "med_questions", [])
        (row,) = section.rows
        assert row.opens.kind is OpenKind.REFERRAL
        assert referral_worklist.open_referral(provider, row.opens.record_id).state is S.REPORT_RECEIVED
    assert row.what == "Cardiology referral to Harbor Cardiology (Palpitations): review the report"


def test_the_front_desk_sees_calls_and_confirmations_with_how_to_reach_each_patient(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "fred", TUESDAY) as desk:
        calls, confirm = today.today_for(desk)
    assert [(r.patient_name, r.kind, r.status.value, r.what) for r in calls.rows] == [
        (
            "Baker, Tom",
            "Book follow-up",
            "due_today",
            "Post-discharge visit (TCM face-to-face)",
        ),
        (
            "Baker, Tom",
            "Rebook no-show",
            "overdue",
            "Missed Harbor Cardiology on 11/12/2026",
        ),
        (
            "Alvarez, Rosa",
            "Book follow-up",
            "due",
            "Post-discharge visit (TCM face-to-face)",
        ),
    ]  # Rosa's own follow-up is the coordinator's, not the front desk's
    assert [(r.patient_name, r.kind, r.due_on) for r in confirm.rows] == [
        ("Alvarez, Rosa", "Confirm appointment", date(2026, 11, 27))  # 2 business days past Thanksgiving
    ]
    rosa = calls.rows[2].reach
    assert rosa is not None
    assert rosa.permissions == "No voicemail · No texts · No email"
    assert [c.value for c in rosa.channels] == ["phone", "video", "in_person"]
    assert "left_voicemail" not in [o.value for o in rosa.outcomes]
    assert all(r.opens.kind is OpenKind.CALL for r in calls.rows + confirm.rows)


def test_a_patient_who_asked_not_to_be_contacted_never_appears(practice: ReferralPractice) -> None:
    _rosa, tom = practice.patient_ids
    with acting(practice.path, "nina", TUESDAY) as nurse:
        patients.update_patient(
            nurse, tom, {"contact": {"do_not_contact": ["phone", "text", "email", "mail"]}}
        )
    with acting(practice.path, "fred", TUESDAY) as desk:
        rows = call_list.call_list(desk)
    assert {r.patient_name for r in rows} == {"Alvarez, Rosa"}


def test_logging_a_call_honours_consent_in_the_service_and_shows_as_the_last_try(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "fred", TUESDAY) as desk:
        rows = call_list.calls_to_make(desk, TUESDAY.date())
        _tom_visit, tom_no_show, rosa_visit = rows
        for refused in (
            {"channel": "text", "outcome": "no_answer"},  # Rosa blocked texts
            {"channel": "phone", "outcome": "left_voicemail"},  # and gave no voicemail consent
        ):
            with pytest.raises(ValidationFailed):
                call_list.log_attempt(desk, rosa_visit.patient_id, rosa_visit.about, refused)  # type: ignore[arg-type]
        call_list.log_attempt(
            desk,
            rosa_visit.patient_id,
            rosa_visit.about,
            {"channel": "phone", "outcome": "no_answer"},  # type: ignore[arg-type]
        )
        call_list.log_attempt(
            desk,
            tom_no_show.patient_id,
            tom_no_show.about,
            {"channel": "phone", "outcome": "no_answer"},  # type: ignore[arg-type]
        )
        with pytest.raises(ValidationFailed):  # the follow-up belongs to Rosa, not Tom
            call_list.log_attempt(
                desk, tom_no_show.patient_id, rosa_visit.about, {"channel": "phone", "outcome": "reached"}
            )  # type: ignore[arg-type]
        again = {r.about: r.last_attempt for r in call_list.calls_to_make(desk, TUESDAY.date())}
    assert again[rosa_visit.about] == "11/24/2026 phone, no answer"
    assert again[tom_no_show.about] == "11/24/2026 phone, no answer"
    with acting(practice.path, "nina", TUESDAY) as nurse:
        assert tom_no_show.about is not None
        view = referral_worklist.open_referral(nurse, tom_no_show.about[1])
    assert view.row["failed_patient_attempts"] == 1  # the referral's own count, toward lost to follow-up
    with acting(practice.path, "admin") as admin:
        logged = audit_trail.search(admin, AuditFilter(action="follow_up.contact_attempt"))
    # Rosa's two refused calls and the one about the wrong patient are on record as failed.
    assert sorted(e.outcome for e in logged) == ["failed", "failed", "failed", "ok"]


def test_today_is_audited_and_each_source_keeps_its_permission(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred", TUESDAY) as desk:
        today.today_for(desk)
        with pytest.raises(PermissionDenied):
            today_sources.tcm_clocks(desk, TUESDAY.date())
    with acting(practice.path, "admin") as admin:
        assert today.today_for(admin) == []  # an administrator sees no patients
        viewed = audit_trail.search(admin, AuditFilter(action="today.view"))
    assert sorted((e.outcome, str(e.detail)) for e in viewed) == [
        ("ok", str({"calls": 3, "confirm": 1})),  # one entry for the whole screen
        ("refused", str({"missing_permission": "view_transitions"})),  # a source the front desk may not read
    ]


def test_a_coordinator_calls_for_a_tcm_contact_from_today_and_two_unanswered_calls_meet_it(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina", TUESDAY) as nurse:
        rows = today_sources.tcm_clocks(nurse, TUESDAY.date())
        (call,) = [r for r in rows if r.kind == "TCM contact" and r.patient_name == "Alvarez, Rosa"]
        assert call.opens.kind is OpenKind.CALL and call.about is not None and call.reach is not None
        assert [c.value for c in call.reach.channels] == ["phone", "video", "in_person"]  # no texts for Rosa
        for _ in range(2):
            call_list.log_attempt(
                nurse, call.patient_id, call.about, {"channel": "phone", "outcome": "no_answer"}
            )
        left = [(r.patient_name, r.kind) for r in today_sources.tcm_clocks(nurse, TUESDAY.date())]
    assert ("Alvarez, Rosa", "TCM contact") not in left  # met by 2 documented unsuccessful attempts
    assert ("Alvarez, Rosa", "TCM visit") in left


def test_confirming_an_appointment_is_a_call_on_record_and_a_reached_patient_sets_last_contact(
    practice: ReferralPractice,
) -> None:
    rosa, tom = practice.patient_ids
    with acting(practice.path, "fred", TUESDAY) as desk:
        (confirm,) = call_list.appointments_to_confirm(desk, TUESDAY.date())
        assert confirm.about is not None and confirm.about[0] == "appointments"
        with pytest.raises(ValidationFailed):  # Tom's call cannot be logged against Rosa's appointment
            call_list.log_attempt(desk, tom, confirm.about, {"channel": "phone", "outcome": "reached"})
        call_list.log_attempt(desk, rosa, confirm.about, {"channel": "phone", "outcome": "reached"})
        (again,) = call_list.appointments_to_confirm(desk, TUESDAY.date())
        (row,) = [r for r in patients.panel_page(desk, PanelQuery(PanelFilter())) if r.id == rosa]
    assert again.last_attempt == "11/24/2026 phone, reached"
    assert row.last_contact_on == TUESDAY.date()
