"""The demo's day: every Today screen and the call list have real work, and the calls honour consent."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.today import DueStatus
from carecoord_desktop.services import auth, demo_calls, demo_transitions, synthetic_practice, today
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)  # a Wednesday


def test_the_demo_gives_the_coordinator_and_the_front_desk_a_days_work(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 300, seed=5)
    demo_transitions.fill(admin, random.Random(5), share=0.05)
    added = demo_calls.fill(admin, random.Random(5), share=0.1)
    auth.sign_out(admin)
    assert added > 20
    found = {}
    for username in ("nina", "fred"):
        session = session_for(vault_path, username, NOW)
        try:
            found.update({s.key: s.rows for s in today.today_for(session)})
        finally:
            auth.sign_out(session)
    assert all(found[key] for key in ("tcm", "followups", "calls", "confirm")), {
        k: len(v) for k, v in found.items()
    }
    assert {r.status for r in found["calls"]} >= {DueStatus.OVERDUE, DueStatus.DUE}
    assert any(r.last_attempt.endswith("phone, no answer") for r in found["calls"])  # tried yesterday
    assert all(r.reach is not None and r.reach.channels for r in found["calls"] + found["confirm"])
    assert {r.kind for r in found["confirm"]} == {"Confirm appointment"}
