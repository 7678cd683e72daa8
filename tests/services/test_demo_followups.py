"""Demo follow-ups and appointments: every state of each, calls that honour preferences, discharge visits."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.appointments import AppointmentStatus
from carecoord_desktop.domain.contact import ContactChannel, may_contact, may_leave_voicemail
from carecoord_desktop.domain.contact_attempts import AttemptOutcome
from carecoord_desktop.domain.followups import FollowUpState
from carecoord_desktop.services import (
    auth,
    demo_followups,
    demo_transitions,
    followups,
    patients,
    synthetic_practice,
)
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)


def test_demo_follow_ups_show_every_stage_and_respect_preferences(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 600, seed=3)
    demo_transitions.fill(admin, random.Random(3), share=0.05)
    made = demo_followups.fill(admin, random.Random(3), share=0.1)
    auth.sign_out(admin)
    assert made > 40
    desk = session_for(vault_path, "fred", NOW)
    states, visits, discharge_visits = set(), set(), set()
    try:
        for patient_id in range(1, 601):
            chart = followups.for_chart(desk, patient_id)
            if not chart.follow_ups:
                continue
            states |= {f.state for f in chart.follow_ups}
            visits |= {a.status for a in chart.appointments}
            discharge_visits |= {
                f.state for f in chart.follow_ups if f.follow_up.reason == followups.DISCHARGE_VISIT_REASON
            }
            contact = patients.open_chart(desk, patient_id).patient.contact
            for attempts in chart.attempts.values():
                for attempt in attempts:
                    assert may_contact(contact, ContactChannel.PHONE)
                    assert attempt.outcome is not AttemptOutcome.LEFT_VOICEMAIL or may_leave_voicemail(
                        contact
                    )
    finally:
        auth.sign_out(desk)
    assert states == set(FollowUpState)
    assert visits == set(AppointmentStatus)
    assert {FollowUpState.OPEN, FollowUpState.SCHEDULED, FollowUpState.DONE} <= discharge_visits
