"""One contact-attempts aggregate and one appointments aggregate for transitions, follow-ups and referrals;
consent and contact preferences enforced in the service for every outreach."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.appointments import AppointmentStatus
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referrals import ReferralState as S
from carecoord_desktop.domain.referrals import TransitionRequest
from carecoord_desktop.services import appointments, followups, patient_chart, referral_worklist, referrals
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build, new_referral


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _move(session: Session, rid: int, to: S, **extra: object) -> None:
    referrals.transition(session, rid, TransitionRequest.model_validate({"to": to, **extra}))


def _visits(session: Session, patient_id: int) -> list[tuple[date, str | None, AppointmentStatus]]:
    return [
        (v.appointment.on, v.appointment.at.strftime("%H:%M") if v.appointment.at else None, v.status)
        for v in followups.for_chart(session, patient_id).appointments
        if v.about_table == "referrals"
    ]


def test_a_referrals_visit_is_the_shared_appointment_through_reschedule_and_visit(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with acting(practice.path, "fred") as desk:
        _move(desk, rid, S.SENT)
        _move(desk, rid, S.ACCEPTED)
        _move(desk, rid, S.SCHEDULED, appointment_on="2026-11-20", appointment_time="2:30 pm")
        assert _visits(desk, patient) == [(date(2026, 11, 20), "14:30", AppointmentStatus.BOOKED)]
        _move(desk, rid, S.SCHEDULED, appointment_on="2026-11-24", appointment_time="09:15")
        assert _visits(desk, patient) == [
            (date(2026, 11, 20), "14:30", AppointmentStatus.CANCELLED),
            (date(2026, 11, 24), "09:15", AppointmentStatus.BOOKED),
        ]
        booked = followups.for_chart(desk, patient).appointments[-1]
        assert (booked.appointment.with_whom, booked.appointment.kind.value) == (
            "Harbor Cardiology",
            "specialist_visit",
        )
    with acting(practice.path, "fred", datetime(2026, 11, 24, 11, 0)) as desk:
        with pytest.raises(ValidationFailed, match="record it on the referral"):
            appointments.set_status(desk, patient, booked.id, "fulfilled")
        _move(desk, rid, S.SEEN)
        assert _visits(desk, patient)[-1] == (date(2026, 11, 24), "09:15", AppointmentStatus.FULFILLED)


def test_a_no_show_on_the_referral_is_a_no_show_on_the_appointment(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        _move(nurse, rid, S.SENT)
        _move(nurse, rid, S.ACCEPTED)
        _move(nurse, rid, S.SCHEDULED, appointment_on="2026-11-18")
        _move(nurse, rid, S.NO_SHOW)
        assert _visits(nurse, patient) == [(date(2026, 11, 18), None, AppointmentStatus.NO_SHOW)]


def _set_contact(practice: ReferralPractice, patient_id: int, contact: dict[str, object]) -> None:
    with acting(practice.path, "nina") as nurse:
        patient_chart.update_patient(nurse, patient_id, {"contact": contact})


def test_referral_outreach_lands_in_the_shared_attempts_and_honours_voicemail_consent(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with acting(practice.path, "fred") as desk:
        with pytest.raises(ValidationFailed, match="not allowed voicemail"):
            referrals.log_outreach(
                desk, rid, {"target": "patient", "channel": "phone", "outcome": "left_message"}
            )
        # a message left at the specialist's office is not the patient's voicemail
        referrals.log_outreach(
            desk, rid, {"target": "specialist", "channel": "phone", "outcome": "left_message"}
        )
    _set_contact(
        practice,
        practice.patient_ids[0],
        {"voicemail_consent": {"granted": True, "recorded_on": "2026-11-01"}},
    )
    with acting(practice.path, "fred") as desk:
        assert (
            referrals.log_outreach(
                desk, rid, {"target": "patient", "channel": "phone", "outcome": "left_message"}
            )
            == 1
        )
    with acting(practice.path, "nina") as nurse:
        view = referral_worklist.open_referral(nurse, rid)
    assert [(a["target"], a["outcome"]) for a in view.outreach] == [
        ("specialist", "left_voicemail"),
        ("patient", "left_voicemail"),
    ]


def test_a_do_not_contact_patient_gets_no_outreach_but_the_specialist_still_can_be_called(
    practice: ReferralPractice,
) -> None:
    patient = practice.patient_ids[0]
    _set_contact(practice, patient, {"do_not_contact": ["phone", "text", "email", "mail"]})
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with acting(practice.path, "fred") as desk:
        for channel in ("phone", "mail", "portal"):
            with pytest.raises(ValidationFailed, match="not to be contacted"):
                referrals.log_outreach(
                    desk, rid, {"target": "patient", "channel": channel, "outcome": "no_answer"}
                )
        referrals.log_outreach(desk, rid, {"target": "specialist", "channel": "fax", "outcome": "sent"})
    with acting(practice.path, "nina") as nurse:
        assert [a["target"] for a in referral_worklist.open_referral(nurse, rid).outreach] == ["specialist"]


def test_calls_about_a_follow_up_honour_consent_and_preferences(practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]  # Rosa: texts blocked, no voicemail consent
    window = {"reason": "Recall: annual wellness visit", "due_from": "2026-11-18", "due_to": "2026-12-18"}
    with acting(practice.path, "fred") as desk:
        record = followups.create_follow_up(desk, patient, window)
        with pytest.raises(ValidationFailed, match="rule out text"):
            followups.log_attempt(desk, patient, record.id, {"channel": "text", "outcome": "sent"})
        with pytest.raises(ValidationFailed, match="not allowed voicemail"):
            followups.log_attempt(desk, patient, record.id, {"channel": "phone", "outcome": "left_voicemail"})
        followups.log_attempt(desk, patient, record.id, {"channel": "phone", "outcome": "no_answer"})
        followups.log_attempt(desk, patient, record.id, {"channel": "mail", "outcome": "sent"})
        followups.log_attempt(desk, patient, record.id, {"channel": "phone", "outcome": "reached"})
        chart = followups.for_chart(desk, patient)
        assert [(a.channel.value, a.outcome.value) for a in chart.attempts[record.id]] == [
            ("phone", "no_answer"),
            ("mail", "sent"),
            ("phone", "reached"),
        ]
    _set_contact(practice, patient, {"do_not_contact": ["phone", "text", "email", "mail"]})
    with acting(practice.path, "fred") as desk:
        for channel in ("phone", "mail", "email"):
            with pytest.raises(ValidationFailed, match="not to be contacted"):
                followups.log_attempt(desk, patient, record.id, {"channel": channel, "outcome": "no_answer"})
        assert len(followups.for_chart(desk, patient).attempts[record.id]) == 3
