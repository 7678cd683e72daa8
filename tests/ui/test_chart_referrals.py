"""The chart's Referrals tab: the patient's open referrals, an overdue one marked there and on the tab itself."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.referrals import TransitionRequest
from carecoord_desktop.services import audit_trail, auth, patients, referrals
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.referrals_section import ReferralsSection
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog
from tests.referral_practice import NOW, ReferralPractice, acting, build, new_referral, session_for

LAST_MONTH = datetime(2026, 10, 14, 10)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _chart(qtbot: QtBot, practice: ReferralPractice, user: str, patient: int = 0) -> ChartView:
    session = session_for(practice.path, user, NOW)
    patient_id = practice.patient_ids[patient]
    view = ChartView(session, patients.open_chart(session, patient_id), patients.staff_choices(session))
    qtbot.addWidget(view)
    view.show()
    return view


def _tab_text(view: ChartView) -> str:
    tabs = view.findChild(QTabWidget, "chartTabs")
    return tabs.tabText(tabs.indexOf(view.sections["referrals"]))


def test_an_overdue_referral_shows_on_the_tab_and_leads_the_list(
    qtbot: QtBot, practice: ReferralPractice
) -> None:
    with acting(practice.path, "nina", LAST_MONTH) as nurse:
        late = new_referral(nurse, practice, specialty="Cardiology")
        referrals.transition(nurse, late, TransitionRequest.model_validate({"to": "sent"}))
    with acting(practice.path, "nina") as nurse:
        fresh = new_referral(nurse, practice, specialty="Dermatology", directory_id=practice.directory_ids[2])
        ended = new_referral(nurse, practice)
        referrals.transition(
            nurse, ended, TransitionRequest.model_validate({"to": "cancelled", "reason": "x"})
        )
    view = _chart(qtbot, practice, "fred")
    try:
        section = view.sections["referrals"]
        assert isinstance(section, ReferralsSection)
        assert _tab_text(view) == "Referr&als ⚠ 1 overdue"  # seen without opening the tab
        assert [r.id for r in section.rows] == [late, fresh]  # open ones only, the overdue first
        view.tabs.setCurrentWidget(section)
        assert section.alert.isVisible() and "1 referral overdue: Cardiology" in section.alert.text()
        text = section.text.text()
        assert "OVERDUE since" in text and "Elm Dermatology" in text and "Palpitations" in text
        assert "metoprolol" not in text  # the clinical question is not on the list
        dialog = section.open_referral(late)
        assert isinstance(dialog, ReferralDialog) and dialog.view.id == late
        dialog.close()
    finally:
        auth.sign_out(view.session)
    with acting(practice.path, "admin") as admin:
        viewed = audit_trail.search(admin, AuditFilter(action="referrals.chart.view"))
    assert [(e.username, e.patient_id) for e in viewed] == [("fred", practice.patient_ids[0])]


def test_no_overdue_no_alarm(qtbot: QtBot, practice: ReferralPractice) -> None:
    view = _chart(qtbot, practice, "nina", patient=1)
    try:
        assert _tab_text(view) == "Referr&als"
        view.tabs.setCurrentWidget(view.sections["referrals"])
        assert not view.sections["referrals"].alert.isVisible()
        assert "No open referrals" in view.sections["referrals"].text.text()
    finally:
        auth.sign_out(view.session)
