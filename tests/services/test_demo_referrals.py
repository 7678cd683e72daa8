"""Demo referrals: every history follows the state machine; every state is present; some are overdue."""

from __future__ import annotations

import itertools
import random
from datetime import datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referrals import TRANSITIONS, ReferralState
from carecoord_desktop.services import (
    auth,
    demo_referrals,
    due_items,
    patients,
    referral_worklist,
    synthetic_practice,
)
from carecoord_desktop.services.patients import PanelFilter
from carecoord_desktop.services.referral_worklist import WorklistFilter, WorklistQuery
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for


def test_every_path_is_a_walk_through_the_table() -> None:
    for end, path in demo_referrals.PATHS.items():
        assert path[0] is ReferralState.DRAFT and path[-1] is end
        for here, there in itertools.pairwise(path):
            assert there in TRANSITIONS[here], (end, here, there)


def test_demo_practice_has_referrals_in_every_state_some_overdue(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(datetime(2026, 11, 18, 9))
    synthetic_practice.fill(admin, 400, seed=5)
    made = demo_referrals.fill(admin, random.Random(5), per_patient=1.0)
    auth.sign_out(admin)
    nurse = session_for(vault_path, "nina", datetime(2026, 11, 18, 9))
    try:  # one referral for every active patient; none for the deceased, transferred or inactive
        active = patients.panel_count(nurse, PanelFilter(statuses=("active",)))
    finally:
        auth.sign_out(nurse)
    assert 300 < active < 400 and made == active
    nurse = session_for(vault_path, "nina", datetime(2026, 11, 18, 9))
    try:
        groups = referral_worklist.worklist_groups(nurse, WorklistFilter(include_closed=True))
        states = {
            ReferralState(r.state)
            for r in referral_worklist.worklist_page(
                nurse, WorklistQuery(WorklistFilter(include_closed=True)), limit=500
            )
        }
        overdue = referral_worklist.worklist_page(
            nurse, WorklistQuery(WorklistFilter(overdue_only=True)), limit=500
        )
        one = referral_worklist.open_referral(nurse, overdue[0].id)
        due = due_items.open_items(nurse, overdue[0].patient_id)
    finally:
        auth.sign_out(nurse)
    assert sum(groups.values()) == active
    assert states == set(ReferralState)
    assert 0 < len(overdue) < 200
    assert (
        one.overdue and one.events[0]["to_state"] == "draft" and one.events[-1]["to_state"] == one.state.value
    )
    # the overdue referral is the patient's overdue "Next due" on the panel, as a real one would be
    assert [(d.item.source_id, d.overdue) for d in due if d.item.source_table == "referrals"] == [
        (one.id, True)
    ]


def test_demo_referrals_go_only_into_a_synthetic_practice(vault_path: Path) -> None:
    admin = make_practice(vault_path)
    try:
        with pytest.raises(ValidationFailed, match="only into a demo practice"):
            demo_referrals.fill(admin, random.Random(5))
    finally:
        auth.sign_out(admin)
