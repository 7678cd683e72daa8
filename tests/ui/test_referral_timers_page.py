"""Admin → Referral timers: an admin changes how long a step may take; the next referral move uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.calendar import add_business_days
from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.domain.referrals import TransitionRequest
from carecoord_desktop.services import audit_trail, referral_rules, referral_worklist, referrals
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.ui.admin.referral_timers import ReferralTimersPage
from carecoord_desktop.ui.areas import AREAS
from tests.referral_practice import TODAY, ReferralPractice, acting, build, fixed_clock, new_referral


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def test_admin_sets_a_timer_and_the_next_move_uses_it(qtbot: QtBot, practice: ReferralPractice) -> None:
    assert any(a.key == "referral_timers" for a in AREAS)
    with acting(practice.path, "admin") as admin:
        page = ReferralTimersPage(admin)
        qtbot.addWidget(page)
        page.show()
        routine, _, business = page.rows["sent"]
        assert routine.value() == 5 and business.isChecked()  # domain.md 2.2: 5 business days
        routine.setValue(10)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert "saved" in page.message.text()
        assert referral_rules.referral_timers(admin).sent.routine == 10
        [entry] = audit_trail.search(admin, AuditFilter(action="referral.set_timers"))
        assert entry.username == "admin"
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        referrals.transition(nurse, rid, TransitionRequest.model_validate({"to": "sent"}))
        due = referral_worklist.open_referral(nurse, rid).row["next_action_due"]
    assert due == add_business_days(TODAY, 10, fixed_clock().calendar)


def test_only_an_admin_may_change_the_timers(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        timers = referral_rules.referral_timers(nurse)
        with pytest.raises(PermissionDenied):
            referral_rules.set_referral_timers(nurse, timers.model_dump())
