"""Demo transitions: about 2 % of patients discharged in the last 30 days, clocks at every stage."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.transitions import ClockStatus, StayKind
from carecoord_desktop.services import auth, demo_transitions, patients, synthetic_practice, transitions
from carecoord_desktop.services.patients import PanelFilter
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)


def test_demo_discharges_show_every_stage_of_their_clocks(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 1000, seed=5)
    made = demo_transitions.fill(admin, random.Random(5), share=0.1)
    auth.sign_out(admin)
    nurse = session_for(vault_path, "nina", NOW)
    try:
        active = patients.panel_count(nurse, PanelFilter(statuses=("active",)))
        assert made == round(active * 0.1)  # discharges only for active patients
        today, calendar = nurse.clock.today(), nurse.clock.calendar
        statuses, kinds = set(), set()
        for patient_id in range(1, 1001):
            for shown in transitions.stays_for_chart(nurse, patient_id):
                kinds.add(shown.record.stay.kind)
                assert 0 <= (today - shown.record.stay.discharged_on).days < 30
                statuses |= {c.status for c in shown.record.clocks(today, calendar)}
    finally:
        auth.sign_out(nurse)
    assert statuses == set(ClockStatus)
    assert kinds == set(StayKind)
