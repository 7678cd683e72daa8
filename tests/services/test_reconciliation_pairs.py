"""The practice's own interaction pairs: added in Admin, checked by the engine, marked as practice-added."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.drug_tables import PRACTICE_SOURCE
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import reconciliation, reconciliation_pairs
from tests.referral_practice import ReferralPractice, acting, build
from tests.services.test_reconciliation import MONDAY, med, source


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def test_a_practice_pair_is_checked_at_reconciliation_and_says_it_was_added_by_the_practice(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "admin", MONDAY) as admin:
        pairs = reconciliation_pairs.add_pair(admin, "Coumadin", "cranberry", "Cranberry may raise the INR")
    assert [(p.first, p.second) for p in pairs] == [("cranberry", "warfarin")]
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        record = reconciliation.start(nurse, patient, {"reason": "visit"})
        view = reconciliation.add_source(
            nurse,
            patient,
            record.id,
            source(
                "interview", med("Warfarin 5 mg tablet", "warfarin"), med("Cranberry capsule", "cranberry")
            ),
        )
    found = [w for w in view.warnings if w.ingredients == ("cranberry", "warfarin")]
    assert found and found[0].source == PRACTICE_SOURCE
    assert "taken together: cranberry may raise the INR" in found[0].explanation
    with acting(practice.path, "admin", MONDAY) as admin:
        assert reconciliation_pairs.retire_pair(admin, pairs[0].id) == []


def test_pairs_are_checked_against_the_vocabulary_and_only_the_admin_edits_them(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "admin", MONDAY) as admin:
        with pytest.raises(ValidationFailed, match="not a single ingredient"):
            reconciliation_pairs.add_pair(admin, "warfarn", "aspirin", "Bleeding")
        with pytest.raises(ValidationFailed, match="two different"):
            reconciliation_pairs.add_pair(admin, "warfarin", "Coumadin", "Bleeding")
    with acting(practice.path, "nina", MONDAY) as nurse, pytest.raises(PermissionDenied):
        reconciliation_pairs.add_pair(nurse, "warfarin", "aspirin", "Bleeding")
