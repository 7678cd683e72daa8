"""The Today screen per role: each row opens what it is about; the front desk works the call list by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import audit_trail
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog
from carecoord_desktop.ui.today.call_dialog import CallDialog
from carecoord_desktop.ui.today.today_page import TodayPage
from tests.referral_practice import ReferralPractice, acting, session_for
from tests.today_practice import TUESDAY, build_today
from tests.ui.helpers import open_main


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build_today(vault_path)


def _today(qtbot: QtBot, practice: ReferralPractice, username: str) -> tuple[MainWindow, TodayPage]:
    window = open_main(qtbot, session_for(practice.path, username, TUESDAY))
    page = window.show_area("home")
    assert isinstance(page, TodayPage)
    return window, page


def _texts(page: TodayPage, key: str, column: int) -> list[str]:
    table = page.tables[key]
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_a_coordinators_tcm_row_opens_the_charts_transitions_tab(
    qtbot: QtBot, practice: ReferralPractice
) -> None:
    window, page = _today(qtbot, practice, "nina")
    assert "Nina Okafor" in page.identity.text() and "Nurse coordinator" in page.identity.text()
    assert _texts(page, "tcm", 0)[:3] == ["Due today", "Due today", "Overdue"]
    assert page.headings["tcm"].text().endswith("(4, 2 due today, 1 overdue)")
    table = page.tables["tcm"]
    table.setFocus()
    table.setCurrentCell(1, 0)  # Tom's visit
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_area() == "patients"
    view = window.area("patients").tabs.currentWidget()  # type: ignore[attr-defined]
    assert isinstance(view, ChartView) and view.patient_id == practice.patient_ids[1]
    assert view.current_section() is view.sections["transitions"]
    window.sign_out()


def test_a_providers_report_row_opens_the_referral(qtbot: QtBot, practice: ReferralPractice) -> None:
    window, page = _today(qtbot, practice, "priya")
    assert list(page.tables) == ["reports"]
    table = page.tables["reports"]
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ReferralDialog) and dialog.isVisible()
    assert dialog.view.state.value == "report_received"
    dialog.reject()
    window.sign_out()


def test_the_front_desk_logs_a_call_by_keys_and_moves_to_the_next_call(
    qtbot: QtBot, practice: ReferralPractice
) -> None:
    window, page = _today(qtbot, practice, "fred")
    window.activateWindow()
    assert _texts(page, "calls", 2) == ["Book follow-up", "Rebook no-show", "Book follow-up"]
    assert _texts(page, "calls", 6)[2] == "English\nNo voicemail · No texts · No email"  # Rosa: how to reach
    assert _texts(page, "confirm", 2) == ["Confirm appointment"]
    table = page.tables["calls"]
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Tom's visit to book
    dialog = page.dialog
    assert isinstance(dialog, CallDialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outcome)
    assert [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())] == [
        "Reached",
        "No answer",
        "Wrong number",
        "Declined",
    ]  # no voicemail consent: "Left voicemail" is not offered
    assert dialog.channel.currentText() == "Phone"
    qtbot.keyClicks(dialog.outcome, "N")
    assert dialog.outcome.currentText() == "No answer"
    qtbot.keyClick(dialog.outcome, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.channel, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.note, "Rang twice")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert table.currentRow() == 1 and table.item(1, 2).text() == "Rebook no-show"
    assert table.item(0, 7).text() == "11/24/2026 phone, no answer"
    assert "Logged the call" in page.notice.text()
    qtbot.keyClick(table, Qt.Key.Key_Return)  # the next call, at once
    assert isinstance(page.dialog, CallDialog) and page.dialog is not dialog
    page.dialog.reject()
    window.sign_out()
    with acting(practice.path, "admin") as admin:
        outreach = audit_trail.search(admin, AuditFilter(action="follow_up.contact_attempt"))
    assert [(e.username, e.outcome) for e in outreach] == [("fred", "ok")]


def test_a_refused_call_says_why_and_keeps_the_dialog(qtbot: QtBot, practice: ReferralPractice) -> None:
    window, page = _today(qtbot, practice, "fred")
    page.open_row(page.tables["calls"], 2)  # Rosa: no voicemail consent
    dialog = page.dialog
    assert isinstance(dialog, CallDialog)
    dialog.outcome.addItem("Left voicemail", "left_voicemail")  # as if the screen had offered it
    dialog.outcome.setCurrentIndex(dialog.outcome.count() - 1)
    dialog.submit()
    assert dialog.isVisible() and "voicemail" in dialog.error.text()
    dialog.reject()
    window.sign_out()


def test_an_administrator_gets_backups_and_security_not_patients(
    qtbot: QtBot, practice: ReferralPractice
) -> None:
    window, page = _today(qtbot, practice, "admin")
    assert page.admin is not None and not page.tables
    assert "No backup yet" in page.admin.backup.text()
    button = page.admin.findChild(QPushButton, "todayOpenBackups")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_area() == "backups"
    window.sign_out()
