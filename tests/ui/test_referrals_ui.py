"""The Referrals area, driven as a coordinator and a front-desk clerk would drive it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.services import auth, medications, patients, referral_worklist, referrals
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog
from carecoord_desktop.ui.referrals.worklist import REFERRALS_AREA, ReferralWorklist
from tests.conftest import NURSE_PASSWORD
from tests.referral_practice import (
    ReferralPractice,
    acting,
    build,
    hand_built_year,
    new_referral,
    session_for,
)
from tests.ui.helpers import choose, open_main

S = ReferralState


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _show(qtbot: QtBot, session: Session) -> ReferralWorklist:
    area = ReferralWorklist(session)
    qtbot.addWidget(area)
    area.resize(1400, 800)
    area.show()
    qtbot.waitUntil(lambda: area._opened)
    return area


@pytest.fixture
def nurse(practice: ReferralPractice) -> Iterator[Session]:
    session = session_for(practice.path, "nina")
    yield session
    auth.sign_out(session)


def _move(qtbot: QtBot, dialog: ReferralDialog, label: str) -> None:
    choose(qtbot, dialog.move_choice, label)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.move_error.isVisible(), dialog.move_error.text()


def test_walk_from_draft_to_closed_with_a_no_show_and_a_reschedule(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    area = _show(qtbot, nurse)
    assert area.model.total == 0
    form = area.new_referral()
    qtbot.keyClicks(form.patient_search, "alvarez")
    qtbot.keyClicks(form.directory_search, "harbor")
    assert form.specialty.text() == "Cardiology"  # taken from the directory entry
    qtbot.keyClicks(form.reason, "Palpitations")
    qtbot.keyClicks(form.question, "Rate control on metoprolol?")
    qtbot.keyClicks(form.info["problems"], "Atrial fibrillation")
    form.save()
    dialog = area.dialog
    assert dialog is not None and dialog.view.state is S.DRAFT
    assert area.model.total == 1

    _move(qtbot, dialog, "Sent")
    _move(qtbot, dialog, "Accepted")
    choose(qtbot, dialog.move_choice, "Scheduled")
    dialog.appointment_date.setDate(QDate(2026, 12, 2))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.view.row["appointment_on"] == date(2026, 12, 2)
    _move(qtbot, dialog, "No-show")
    assert "Reach the patient" in dialog.summary.text()
    choose(qtbot, dialog.outcome, "Reached")
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    assert dialog.attempts.count() == 1
    choose(qtbot, dialog.move_choice, "Scheduled")
    dialog.appointment_date.setDate(QDate(2026, 12, 9))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    choose(qtbot, dialog.move_choice, "Reschedule")
    dialog.appointment_date.setDate(QDate(2026, 12, 10))
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.view.row["appointment_on"] == date(2026, 12, 10)
    _move(qtbot, dialog, "Seen")
    choose(qtbot, dialog.move_choice, "Report received")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.error_label("report_summary").isVisible()  # refused: the summary is missing
    assert dialog.view.state is S.SEEN
    qtbot.keyClicks(dialog.report_summary, "Rate controlled; continue metoprolol")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    _move(qtbot, dialog, "Reviewed")
    choose(qtbot, dialog.move_choice, "Closed")
    choose(qtbot, dialog.told_how, "Phone")
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    assert dialog.view.state is S.CLOSED and not dialog.apply_button.isEnabled()
    history = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert [h.split(": ", 1)[1].split(" — ")[0] for h in history] == [
        "Draft", "Sent", "Accepted", "Scheduled", "No-show", "Scheduled", "Scheduled", "Seen",
        "Report received", "Reviewed", "Closed",
    ]  # fmt: skip
    assert all("Nina Okafor" in h for h in history)
    assert area.model.total == 0  # an ended referral leaves the worklist
    qtbot.mouseClick(area.include_closed, Qt.MouseButton.LeftButton)
    assert area.model.total == 1


def test_overdue_leads_in_its_own_group_and_filters_narrow_it(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.sign_out(nurse)
    with acting(practice.path, "nina", datetime(2026, 11, 2, 9)) as earlier:
        late = new_referral(earlier, practice)
        referrals.transition(earlier, late, TransitionRequest(to=S.SENT))
    session = session_for(practice.path, "nina")
    try:
        fresh = new_referral(session, practice, urgency="stat")  # Nina is the coordinator: she starts on hers
        area = _show(qtbot, session)
        model = area.model
        titles = [model.data(model.index(r, 0)) for r in model.title_rows()]
        assert titles == ["Overdue or due today · 1", "Draft · 1"]
        assert model.referral_at(1).id == late and model.referral_at(3).id == fresh
        assert area.table.columnSpan(0, 0) == model.columnCount()
        assert model.data(model.index(1, model.DUE), Qt.ItemDataRole.ToolTipRole).startswith("Overdue by")
        assert "2 referrals · 1 overdue" in area.count_label.text()
        qtbot.mouseClick(area.overdue_only, Qt.MouseButton.LeftButton)
        assert model.total == 1
        qtbot.mouseClick(area.overdue_only, Qt.MouseButton.LeftButton)
        choose(qtbot, area.urgency, "Stat")
        assert [model.referral_at(r).id for r in range(model.rowCount()) if model.referral_at(r)] == [fresh]
        area.saved.save_view("Stat only")
        choose(qtbot, area.urgency, "Any")
        assert model.total == 2
        area.saved.apply_view("Stat only")
        assert model.total == 1 and area.urgency.currentText() == "Stat"
        # the same row as the panel's: a view can be deleted here too (it could only be saved before)
        monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
        assert area.saved.delete_button.isEnabled()
        qtbot.mouseClick(area.saved.delete_button, Qt.MouseButton.LeftButton)
        assert area.saved.views.count() == 1 and "Deleted the view “Stat only”" in area.notice.text()
    finally:
        auth.sign_out(session)


def test_front_desk_sees_the_reason_not_the_clinical_detail_and_cannot_review(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    rid = new_referral(nurse, practice)
    for target, extra in (
        (S.SENT, {}),
        (S.ACCEPTED, {}),
        (S.SCHEDULED, {"appointment_on": date(2026, 11, 17)}),
    ):
        referrals.transition(nurse, rid, TransitionRequest.model_validate({"to": target, **extra}))
    referrals.transition(nurse, rid, TransitionRequest(to=S.REPORT_RECEIVED, report_summary="Stable"))
    auth.sign_out(nurse)
    front = session_for(practice.path, "fred")
    try:
        area = _show(qtbot, front)
        assert not area.new_button.isVisible() and area.bulk_button.isVisible()
        dialog = area.open_row(1)
        assert dialog is not None
        assert "Palpitations" in dialog.summary.text()
        assert not dialog.clinical.isVisible() and "metoprolol" not in dialog.clinical.text()
        moves = [dialog.move_choice.itemText(i) for i in range(dialog.move_choice.count())]
        assert "Reviewed" not in moves and moves == []
        assert referral_worklist.open_referral(front, rid).report_summary == ""
    finally:
        auth.sign_out(front)


def test_bulk_fax_sent_moves_each_selected_draft(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    ids = [new_referral(nurse, practice) for _ in range(3)]
    area = _show(qtbot, nurse)
    area.table.selectAll()
    qtbot.mouseClick(area.bulk_button, Qt.MouseButton.LeftButton)
    assert "Logged the fax for 3 referral(s)." in area.notice.text()
    assert {referral_worklist.open_referral(nurse, i).state for i in ids} == {S.SENT}


def test_directory_adds_an_entry_and_shows_a_bad_npi_next_to_its_field(qtbot: QtBot, nurse: Session) -> None:
    area = _show(qtbot, nurse)
    dialog = area.open_directory()
    assert dialog.results.count() == 3
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.fields["name"], "Summit Neurology")
    qtbot.keyClicks(dialog.fields["specialty"], "Neurology")
    qtbot.keyClicks(dialog.fields["npi"], "1234567890")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.errors.error_label("npi").isVisible()
        and "check digit" in dialog.errors.error_label("npi").text()
    )
    dialog.fields["npi"].clear()
    qtbot.keyClicks(dialog.fields["npi"], "1234567893")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved.isVisible()
    qtbot.keyClicks(dialog.search, "neuro")
    assert [dialog.results.item(i).text() for i in range(dialog.results.count())] == [
        "Summit Neurology — Neurology"
    ]


def test_a_referral_being_written_is_hidden_by_the_lock_and_back_after_unlock(
    qtbot: QtBot, practice: ReferralPractice
) -> None:
    window = open_main(qtbot, session_for(practice.path, "nina"))
    area = window.show_area(REFERRALS_AREA)
    assert isinstance(area, ReferralWorklist)
    form = area.new_referral()
    qtbot.keyClicks(form.patient_search, "baker")
    qtbot.keyClicks(form.reason, "Changing mole")
    qtbot.keyClicks(form.info["allergies"], "Penicillin")
    window.lock()
    assert not form.isVisible()  # nothing of the patient's stays on screen
    overlay = window.overlay
    qtbot.keyClicks(overlay.password, NURSE_PASSWORD)
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    restored = area.new_dialog
    assert restored is not None and restored is not form and restored.isVisible()
    assert restored.reason.text() == "Changing mole"
    assert restored.info["allergies"].toPlainText() == "Penicillin"
    assert restored.patient_list.currentItem().text().startswith("Baker, Tom")
    restored.close()
    window.sign_out()


def test_figures_for_a_year_match_the_hand_built_data_set(qtbot: QtBot, practice: ReferralPractice) -> None:
    hand_built_year(practice)
    session = session_for(practice.path, "nina", datetime(2026, 12, 1, 9))
    try:
        area = _show(qtbot, session)
        dialog = area.open_figures()
        dialog.start.setDate(QDate(2026, 1, 1))
        qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
        table = dialog.table
        assert table.verticalHeaderItem(0).text() == "All referrals"
        first = [table.item(0, c).text() for c in range(table.columnCount())]
        assert first == ["3", "50%", "15", "7", "50%", "33%", "1"]
        names = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
        assert {"Cardiology", "Dermatology", "Coordinator: Nina Okafor", "2026-03", "2026-05"} <= set(names)
    finally:
        auth.sign_out(session)


def test_a_referral_made_by_mistake_is_marked_entered_in_error_from_its_dialog(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    rid = new_referral(nurse, practice)
    area = _show(qtbot, nurse)
    assert area.model.total == 1
    dialog = area.open_referral(rid)
    assert dialog is not None and dialog.error_button.isVisible()
    qtbot.mouseClick(dialog.error_button, Qt.MouseButton.LeftButton)
    ask = dialog.error_dialog
    qtbot.waitUntil(ask.isVisible)
    ask.setTextValue("Duplicate of the referral made on Monday")
    ask.accept()
    assert "Entered in error" in dialog.summary.text()
    assert not dialog.error_button.isVisible() and not dialog.apply_button.isEnabled()
    last = dialog.history.item(dialog.history.count() - 1).text()
    assert "Duplicate of the referral made on Monday" in last and "Marked entered in error" in last
    assert area.model.total == 0  # gone from the worklist, kept as a record


def test_the_new_referral_form_offers_the_charts_problems_medicines_and_allergies_keeping_typed_text(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    rosa, tom = practice.patient_ids
    problems = [
        {"text": "Atrial fibrillation", "code_system": "icd-10-cm", "code": "I48.91"},
        {"text": "Old fracture", "status": "resolved"},
    ]
    allergies = [{"substance": "Penicillin", "reactions": ["Hives"], "severity": "severe"}]
    patients.update_patient(nurse, rosa, {"clinical": {"problems": problems, "allergies": allergies}})
    patients.update_patient(nurse, tom, {"clinical": {"problems": [{"text": "Psoriasis"}]}})
    medications.add_medication(nurse, rosa, {"display": "Metoprolol 25 mg tablet", "dose": "1 tablet"})
    held = medications.add_medication(nurse, rosa, {"display": "Warfarin 5 mg tablet"})
    medications.hold_medication(nurse, rosa, held.id, reason="Before the procedure")
    area = _show(qtbot, nurse)
    form = area.new_referral()
    qtbot.keyClicks(form.patient_search, "alvarez")
    assert form.info["problems"].toPlainText() == "Atrial fibrillation (I48.91)"  # current problems only
    assert form.info["medications"].toPlainText() == "Metoprolol 25 mg tablet: 1 tablet"  # not the held one
    assert form.info["allergies"].toPlainText() == "Penicillin (Hives; severe)"
    typed = form.info["allergies"]
    typed.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(typed, Qt.Key.Key_Return)
    qtbot.keyClicks(typed, "Latex")  # typed: a later choice of patient keeps it
    form.patient_search.clear()
    qtbot.keyClicks(form.patient_search, "baker")
    assert form.info["problems"].toPlainText() == "Psoriasis"
    assert form.info["medications"].toPlainText() == ""
    assert form.info["allergies"].toPlainText() == "Penicillin (Hives; severe)\nLatex"
