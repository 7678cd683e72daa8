"""Saved views: one implementation for every screen that keeps them (the panel, the referral worklist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import audit_trail, auth, saved_views
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.saved_views import PANEL, REFERRALS
from tests.conftest import sign_in


def test_each_screen_keeps_its_own_views_per_person_and_audits_saving_and_deleting(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    try:
        assert saved_views.save_view(nina, "  Stat   only ", {"urgency": "Stat"}, REFERRALS) == "Stat only"
        saved_views.save_view(nina, "High risk", {"risk_tiers": ["high"]}, PANEL)
        assert saved_views.saved_views(nina, REFERRALS) == {"Stat only": {"urgency": "Stat"}}
        assert saved_views.saved_views(nina, PANEL) == {"High risk": {"risk_tiers": ["high"]}}
        saved_views.delete_view(nina, "Stat only", REFERRALS)
        assert saved_views.saved_views(nina, REFERRALS) == {}
        assert saved_views.saved_views(nina, PANEL) != {}
        with pytest.raises(ValidationFailed, match="up to 60 characters"):
            saved_views.save_view(nina, " ", {}, REFERRALS)
    finally:
        auth.sign_out(nina)
    admin = sign_in(practice, "admin")
    try:
        actions = [
            e.action
            for e in audit_trail.search(
                admin, AuditFilter(actions=("referrals.save_view", "referrals.delete_view"))
            )
        ]
    finally:
        auth.sign_out(admin)
    assert {"referrals.save_view", "referrals.delete_view"} <= set(actions)


def test_a_role_without_the_screen_cannot_keep_views_for_it(practice: Path) -> None:
    admin = sign_in(practice, "admin")
    try:
        with pytest.raises(PermissionDenied):
            saved_views.save_view(admin, "Mine", {}, REFERRALS)
    finally:
        auth.sign_out(admin)
