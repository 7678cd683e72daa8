"""The reconciliation screen at the keyboard: every line resolved, warnings acknowledged, the checklist
ticked and the session signed without the mouse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.reconciliation import ChecklistItem, Resolution
from carecoord_desktop.services import reconciliation
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.medrec.screen import ReconciliationScreen
from tests.referral_practice import ReferralPractice, acting, build
from tests.services.test_reconciliation import DISCHARGE_LIST, INTERVIEW, med, source

MONDAY = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


@pytest.fixture
def nurse(practice: ReferralPractice) -> Iterator[Session]:
    with acting(practice.path, "nina", MONDAY) as session:
        yield session


FAILURES: list[BaseException] = []


def when_dialog(qtbot: QtBot, name: str, work: Callable[[QDialog], None]) -> None:
    """Run `work` on the dialog called `name` as soon as it is open (it is modal: exec() waits). A failure
    inside closes the dialog and is raised by `check_dialogs()`."""

    def act() -> None:
        dialog = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.objectName() == name and w.isVisible()
            ),
            None,
        )
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        try:
            work(dialog)
        except BaseException as exc:  # re-raised in the test by check_dialogs
            FAILURES.append(exc)
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, act)


def check_dialogs() -> None:
    if FAILURES:
        raise FAILURES.pop()


def type_and_enter(qtbot: QtBot, field_name: str) -> Callable[[QDialog], None]:
    def work(dialog: QDialog) -> None:
        field = dialog.findChild(QLineEdit, field_name)
        assert field is not None and dialog.focusWidget() is field
        qtbot.keyClicks(field, "Prescriber aware; INR checked weekly")
        qtbot.keyClick(field, Qt.Key.Key_Return)

    return work


def screen_for(qtbot: QtBot, nurse: Session, patient: int) -> ReconciliationScreen:
    record = reconciliation.start(nurse, patient, {"reason": "post_discharge", "discharged_on": "2026-11-20"})
    reconciliation.add_source(nurse, patient, record.id, INTERVIEW)
    reconciliation.add_source(nurse, patient, record.id, DISCHARGE_LIST)
    screen = ReconciliationScreen(nurse, patient, record.id)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def test_a_nurse_resolves_every_line_and_signs_without_the_mouse(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    screen = screen_for(qtbot, nurse, practice.patient_ids[0])
    table = screen.table
    assert screen.focusWidget() is table
    assert (
        screen.not_complete.isVisible()
        and "not a complete interaction database" in screen.not_complete.text()
    )
    assert not screen.unavailable.isVisible()
    for row in range(screen.model.rowCount()):
        line = screen.model.line(row)
        assert line is not None and table.currentIndex().row() == row
        qtbot.keyClick(table, Qt.Key.Key_C)
        if line.discrepancies:
            qtbot.keyClick(table, Qt.Key.Key_1)
        if line.high_alert:
            qtbot.keyClick(table, Qt.Key.Key_D)
        if screen.view and any(line.key in w.line_keys for w in screen.view.warnings):
            when_dialog(qtbot, "acknowledgeDialog", type_and_enter(qtbot, "reason"))
            qtbot.keyClick(table, Qt.Key.Key_A)
            check_dialogs()
        qtbot.keyClick(table, Qt.Key.Key_Down)
    assert screen.view is not None
    assert all(
        screen.view.decisions[line.key].resolution is Resolution.CONTINUE
        for line in screen.view.comparison.lines
    )
    assert [b for b in screen.view.blockers if "Tick the checklist" not in b] == []

    screen.checklist.setFocus()
    for row in range(screen.checklist.count()):
        item = screen.checklist.item(row)
        chosen = ChecklistItem(item.data(Qt.ItemDataRole.UserRole))
        if chosen in (ChecklistItem.IDENTIFIERS_ALLERGIES, ChecklistItem.DETAILS_COMPLETE):
            screen.checklist.setCurrentRow(row)
            qtbot.keyClick(screen.checklist, Qt.Key.Key_Space)
            qtbot.waitUntil(
                lambda chosen=chosen: screen.view is not None and chosen in screen.view.record.ticked
            )
    assert screen.view.blockers == ()
    assert "Ready to sign" in screen.blockers.text()
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert screen.view.record.signed
    assert "now the patient's current list" in screen.notice.text()
    assert not screen.add_source_button.isEnabled()


def test_a_stop_needs_its_reason_and_the_dialog_keeps_what_was_typed(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    screen = screen_for(qtbot, nurse, practice.patient_ids[0])
    seen: dict[str, str] = {}

    def first_empty_then_reason(dialog: QDialog) -> None:
        reason = dialog.findChild(QLineEdit, "reason")
        assert reason is not None
        qtbot.keyClick(reason, Qt.Key.Key_Return)  # no reason yet: refused next to the field
        error = dialog.findChild(QWidget, "decisionDialog_reason_error")
        seen["error"] = error.text() if error is not None else ""  # type: ignore[attr-defined]
        assert dialog.isVisible()
        qtbot.keyClicks(reason, "Bleeding risk with warfarin")
        qtbot.keyClick(reason, Qt.Key.Key_Return)

    when_dialog(qtbot, "decisionDialog", first_empty_then_reason)
    qtbot.keyClick(screen.table, Qt.Key.Key_S)
    check_dialogs()
    assert seen["error"] == "Say why it is stopped."
    line = screen.current_line()
    assert line is not None and screen.view is not None
    decision = screen.view.decisions[line.key]
    assert (decision.resolution, decision.reason) == (Resolution.STOP, "Bleeding risk with warfarin")


def test_interaction_checking_unavailable_is_said_plainly(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carecoord_desktop.services import reconciliation_inputs

    monkeypatch.setattr(reconciliation_inputs, "interaction_table", lambda conn: None)
    screen = screen_for(qtbot, nurse, practice.patient_ids[0])
    assert screen.unavailable.isVisible()
    assert "Interaction checking is unavailable" in screen.unavailable.text()
    assert "Interaction checking is unavailable" in screen.blockers.text()
    assert screen.unavailable_button.isVisible()
    _ = med, source


BUNDLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "resource": {
                "resourceType": "MedicationStatement",
                "status": "active",
                "medicationCodeableConcept": {
                    "coding": [
                        {
                            "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                            "code": "855332",
                            "display": "Warfarin Sodium 5 MG Oral Tablet",
                        }
                    ],
                    "text": "Warfarin Sodium 5 MG Oral Tablet",
                },
                "subject": {"reference": "Patient/1"},
            }
        },
        {"resource": {"resourceType": "MedicationRequest", "status": "active", "intent": "order"}},
    ],
}


def test_a_fhir_file_shows_what_it_read_and_what_it_could_not_before_it_is_added(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session, tmp_path: Path
) -> None:
    import json

    from carecoord_desktop.ui.medrec.import_dialog import ImportDialog

    patient = practice.patient_ids[0]
    record = reconciliation.start(nurse, patient, {"reason": "post_discharge", "discharged_on": "2026-11-20"})
    file = tmp_path / "discharge-meds.json"
    file.write_text(json.dumps(BUNDLE), encoding="utf-8")
    dialog = ImportDialog(nurse, patient, record.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.read(file)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=30_000)
    shown = dialog.shown.text()
    assert "Read (1)" in shown and "Warfarin" in shown
    assert "Not used (1)" in shown
    provided = dialog.findChild(QLineEdit, "provided_by")
    assert provided is not None
    qtbot.keyClicks(provided, "Mercy General Hospital")
    qtbot.keyClick(provided, Qt.Key.Key_Return)
    view = dialog.result_value
    assert view is not None and not dialog.isVisible()
    entry = view.sources[0].entry
    assert entry.imported_from == "discharge-meds.json" and entry.kind.value == "hospital_discharge"
    assert [m.ingredients for m in entry.medications] == [["warfarin"]]
    assert len(entry.unread) == 1


def test_a_source_added_by_mistake_is_removed_with_a_reason(
    qtbot: QtBot, practice: ReferralPractice, nurse: Session
) -> None:
    screen = screen_for(qtbot, nurse, practice.patient_ids[0])
    assert screen.view is not None and len(screen.view.sources) == 2

    def remove_the_discharge_list(dialog: QDialog) -> None:
        chooser = dialog.findChild(QComboBox, "source")
        reason = dialog.findChild(QLineEdit, "reason")
        assert chooser is not None and reason is not None
        chooser.setCurrentIndex(1)
        qtbot.keyClicks(reason, "Another patient's discharge list")
        qtbot.keyClick(reason, Qt.Key.Key_Return)

    when_dialog(qtbot, "removeSourceDialog", remove_the_discharge_list)
    qtbot.keyClick(screen.remove_source_button, Qt.Key.Key_Space)
    check_dialogs()
    assert [s.entry.kind.value for s in screen.view.sources] == ["interview"]
    assert "Source list removed" in screen.notice.text()
    assert "at least 2 different source lists" in screen.blockers.text()
