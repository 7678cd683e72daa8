"""The outside-provider directory through the services, and the practice's referral timers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.services import directory, referral_rules, referral_worklist, referrals
from tests.referral_practice import ReferralPractice, acting, build, new_referral


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def test_search_as_you_type_over_name_specialty_and_npi(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred") as front:
        names = {
            text: [listing.entry.name for listing in directory.search_directory(front, text)]
            for text in ("harb", "cardio", "1234567893", "DERMATOLÓGY", "cardio beacon", "")
        }
    assert names["harb"] == ["Harbor Cardiology"]
    assert names["cardio"] == ["Beacon Heart Center", "Harbor Cardiology"]
    assert names["1234567893"] == ["Harbor Cardiology"]
    assert names["DERMATOLÓGY"] == ["Elm Dermatology"]  # case and accents ignored
    assert names["cardio beacon"] == ["Beacon Heart Center"]
    assert len(names[""]) == 3


def test_a_mistyped_npi_is_refused_next_to_its_field_and_edits_keep_history(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina") as nurse:
        with pytest.raises(ValidationFailed) as refused:
            directory.add_entry(nurse, {"name": "Summit Neurology", "npi": "1234567890"})
        assert "npi" in refused.value.field_errors
        entry_id = practice.directory_ids[2]
        directory.update_entry(
            nurse, entry_id, {"name": "Elm Dermatology", "specialty": "Dermatology", "active": False}
        )
        assert directory.search_directory(nurse, "elm") == []
        assert [e.entry.active for e in directory.search_directory(nurse, "elm", active_only=False)] == [
            False
        ]


def test_admins_set_the_timers_and_new_moves_use_them(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse, pytest.raises(PermissionDenied):
        referral_rules.set_referral_timers(nurse, {})
    with acting(practice.path, "admin") as admin:
        timers = referral_rules.set_referral_timers(
            admin, {"sent": {"routine": 10, "urgent": 3, "business_days": False}}
        )
        assert timers.sent.routine == 10 and timers.acknowledged.routine == 3  # the rest keep their defaults
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        referrals.transition(nurse, rid, TransitionRequest(to=ReferralState.SENT))
        assert referral_worklist.open_referral(nurse, rid).row["next_action_due"] == date(2026, 11, 28)
