"""The chart's Medications tab: add from the type-ahead or as free text, change, hold, stop, entered in error,
each entry's history; front desk never gets the tab."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import medications, patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.medications_forms import MedicationForm, ReasonDialog
from carecoord_desktop.ui.chart.medications_model import MedicationListModel
from carecoord_desktop.ui.chart.medications_section import MedicationsSection
from tests.conftest import sign_in
from tests.ui.helpers import choose, everyone

NOW = datetime(2026, 11, 23, 10, 0)


def _section(qtbot: QtBot, session: Session) -> tuple[ChartView, MedicationsSection]:
    session.clock = PracticeClock.fixed(NOW)
    patient = everyone(session)[0]
    view = ChartView(session, patients.open_chart(session, patient.id), patients.staff_choices(session))
    qtbot.addWidget(view)
    view.resize(1200, 860)
    view.show()
    section = view.sections["medications"]
    assert isinstance(section, MedicationsSection)
    view.tabs.setCurrentWidget(section)
    return view, section


def _cells(section: MedicationsSection, row: int) -> list[str]:
    model = section.model
    return [model.index(row, c).data() for c in range(model.columnCount())]


def _type(qtbot: QtBot, field: object, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.clear()
    field.setFocus()
    qtbot.keyClicks(field, text)


@pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise|propagateSizeHints\(\)|grabbing the keyboard)"
)
def test_a_medicine_picked_from_the_type_ahead_is_coded_and_high_alert(qtbot: QtBot, nina: Session) -> None:
    view, section = _section(qtbot, nina)
    qtbot.mouseClick(section.edit_button, Qt.MouseButton.LeftButton)
    form = section.form
    assert isinstance(form, MedicationForm)
    qtbot.waitUntil(lambda: form.vocabulary is not None, timeout=20_000)
    f = form.fields.widgets
    _type(qtbot, f["display"], "coumadin")
    qtbot.waitUntil(lambda: form.suggestions.rowCount() > 0, timeout=5_000)
    first = form.suggestions.index(0, 0).data()
    assert first.startswith("Coumadin") and "warfarin" in first
    form.choose(first)  # what Enter on the popup's first line does
    assert "Coded" in form.coded_label.text() and "warfarin" in form.coded_label.text()
    _type(qtbot, f["dose"], "1 tablet")
    _type(qtbot, f["route"], "by mouth")
    choose(qtbot, f["frequency"], "at bedtime")  # type: ignore[arg-type]
    _type(qtbot, f["indication"], "atrial fibrillation")
    qtbot.keyClick(f["indication"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert section.form is None, form.general.text()
    row = _cells(section, 0)
    assert row[MedicationListModel.MEDICINE] == "Coumadin"
    assert row[MedicationListModel.FOR] == "atrial fibrillation"
    assert row[MedicationListModel.WHEN] == "at bedtime"
    assert row[MedicationListModel.ALERT] == "HIGH-ALERT"  # an anticoagulant, on the default list
    assert row[MedicationListModel.CODED] != "uncoded"
    assert "1 high-alert" in section.text.text()
    [stored] = medications.current_list(nina, view.patient_id)
    assert stored.medication.ingredients == ["warfarin"]


def test_free_text_is_saved_as_uncoded_and_a_change_keeps_its_history(qtbot: QtBot, nina: Session) -> None:
    view, section = _section(qtbot, nina)
    form = view.edit("medications")
    assert isinstance(form, MedicationForm)
    _type(qtbot, form.fields.widgets["display"], "Grandma's ginger tea")
    choose(qtbot, form.fields.widgets["kind"], "Herbal product")  # type: ignore[arg-type]
    assert "Uncoded" in form.coded_label.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert _cells(section, 0)[MedicationListModel.CODED] == "uncoded"
    assert "1 uncoded (free text)" in section.text.text()

    section.table.setFocus()
    qtbot.keyClick(section.table, Qt.Key.Key_Return)  # Enter on a row changes it
    form = section.form
    assert isinstance(form, MedicationForm) and form.medication_id is not None
    assert form.fields.value("display") == "Grandma's ginger tea"
    _type(qtbot, form.fields.widgets["dose"], "1 cup")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert section.form is None, form.general.text()
    assert _cells(section, 0)[MedicationListModel.DOSE] == "1 cup"
    history = section.history.text()
    assert "changed by nina" in history and "Grandma&#x27;s ginger tea (active)" in history


def _dialog(qtbot: QtBot, button: object, reason: str, day: str = "") -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        qtbot.keyClicks(dialog.reason, reason)
        if day and dialog.day is not None:
            qtbot.keyClicks(dialog.day, day)
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_hold_resume_stop_and_entered_in_error_from_the_tab(qtbot: QtBot, nina: Session) -> None:
    patient = everyone(nina)[0].id
    nina.clock = PracticeClock.fixed(NOW)
    medications.add_medication(
        nina, patient, {"display": "Metformin 500 mg tablet", "ingredients": ["metformin"]}
    )
    medications.add_medication(nina, patient, {"display": "Aspirin 81 mg", "ingredients": ["aspirin"]})
    _view, section = _section(qtbot, nina)
    assert [r[0] for r in (_cells(section, i) for i in range(2))] == [
        "Aspirin 81 mg",
        "Metformin 500 mg tablet",
    ]
    section.table.selectRow(1)
    _dialog(qtbot, section.hold_button, "CT scan with contrast", "11/30/2026")
    assert (
        _cells(section, 1)[MedicationListModel.STATUS] == "On hold until 11/30/2026 (CT scan with contrast)"
    )
    assert section.resume_button.isEnabled() and not section.hold_button.isEnabled()
    qtbot.mouseClick(section.resume_button, Qt.MouseButton.LeftButton)
    assert "active again" in section.notice.text()

    section.table.selectRow(0)
    _dialog(qtbot, section.stop_button, "bleeding risk")
    assert [_cells(section, i)[0] for i in range(section.model.rowCount())] == ["Metformin 500 mg tablet"]
    section.show_all.setChecked(True)
    stopped = next(i for i in range(section.model.rowCount()) if _cells(section, i)[0] == "Aspirin 81 mg")
    assert _cells(section, stopped)[MedicationListModel.STATUS] == "Stopped 11/23/2026 (bleeding risk)"

    section.table.selectRow(section.model.row_of(medications.current_list(nina, patient)[0].id))
    _dialog(qtbot, section.error_button, "wrong patient")
    assert "entered in error" in section.notice.text()
    assert medications.current_list(nina, patient) == []


def test_front_desk_has_no_medications_tab(qtbot: QtBot, filled: object) -> None:
    from pathlib import Path

    assert isinstance(filled, Path)
    fred = sign_in(filled, "fred")
    try:
        patient = everyone(fred)[0]
        view = ChartView(fred, patients.open_chart(fred, patient.id), patients.staff_choices(fred))
        qtbot.addWidget(view)
        assert "medications" not in view.sections
    finally:
        fred.vault.close()


def test_print_list_previews_the_medication_list(qtbot: QtBot, nina: Session) -> None:
    from carecoord_desktop.ui.printing.document_window import DocumentWindow

    patient = everyone(nina)[0].id
    nina.clock = PracticeClock.fixed(NOW)
    medications.add_medication(
        nina, patient, {"display": "Metformin 500 mg tablet", "frequency": "twice_daily"}
    )
    view, section = _section(qtbot, nina)
    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    document = view.findChild(DocumentWindow)
    assert document is not None
    qtbot.waitUntil(lambda: document.document is not None and not document.building, timeout=15_000)
    assert document.document is not None and document.document.document == "med_list"
    assert document.document.pages >= 1
    document.close()
