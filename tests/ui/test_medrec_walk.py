"""The whole walk at the keyboard: from a patient discharged three days ago, through the chart's Medications
tab, a new post-discharge reconciliation, two typed source lists, every line resolved, sign-off, to the
provider copy in the print window and the patient's medication list marked NEW / CHANGED / STOPPED / SAME."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.reconciliation import ChecklistItem
from carecoord_desktop.services import medications, patients, printing, transitions
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.medications_section import MedicationsSection
from carecoord_desktop.ui.medrec.chart_page import ReconciliationsPage
from carecoord_desktop.ui.medrec.screen import ReconciliationScreen
from carecoord_desktop.ui.printing.document_window import DocumentWindow
from tests.documents.samples import pdf_text
from tests.referral_practice import ReferralPractice, acting, build
from tests.ui.test_medrec_screen import check_dialogs, when_dialog

MONDAY = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def type_cells(qtbot: QtBot, table: QTableWidget, rows: list[list[str]]) -> None:
    """Type each medicine into the grid from the keyboard: F2 opens the cell, Enter keeps what was typed."""
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setCurrentCell(r, c)
            qtbot.keyClick(table, Qt.Key.Key_F2)
            editor = next(e for e in table.findChildren(QLineEdit) if e.isVisible())
            qtbot.keyClicks(editor, text)
            qtbot.keyClick(editor, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not any(e.isVisible() for e in table.findChildren(QLineEdit)))
            assert table.item(r, c) is not None and table.item(r, c).text() == text


def enter_source(qtbot: QtBot, kind: str, by: str, rows: list[list[str]]) -> None:
    def work(dialog: QDialog) -> None:
        kind_box = dialog.findChild(QComboBox, "kind")
        assert kind_box is not None
        kind_box.setCurrentIndex(kind_box.findText(kind))
        provided = dialog.findChild(QLineEdit, "provided_by")
        assert provided is not None
        qtbot.keyClicks(provided, by)
        table = dialog.findChild(QTableWidget, "sourceMedicines")
        assert table is not None
        type_cells(qtbot, table, rows)
        qtbot.keyClick(provided, Qt.Key.Key_Return)

    when_dialog(qtbot, "sourceDialog", work)


def test_discharged_to_signed_and_printed_without_the_mouse(qtbot: QtBot, practice: ReferralPractice) -> None:
    patient = practice.patient_ids[0]
    with acting(practice.path, "nina", MONDAY) as nurse:
        transitions.record_stay(
            nurse,
            patient,
            {
                "kind": "inpatient",
                "facility_name": "Mercy General Hospital",
                "admitted_on": "2026-11-14",
                "discharged_on": "2026-11-20",
                "disposition": "home",
                "diagnoses": ["Heart failure"],
            },
        )
        medications.add_medication(
            nurse,
            patient,
            {
                "display": "Metformin 500 mg tablet",
                "ingredients": ["metformin"],
                "dose": "1 tablet",
                "route": "by mouth",
                "frequency": "twice_daily",
            },
        )
        medications.add_medication(
            nurse,
            patient,
            {
                "display": "Lisinopril 10 mg tablet",
                "ingredients": ["lisinopril"],
                "dose": "1 tablet",
                "route": "by mouth",
                "frequency": "once_daily",
            },
        )
        walk(qtbot, nurse, patient)


def walk(qtbot: QtBot, nurse: Session, patient: int) -> None:
    view = ChartView(nurse, patients.open_chart(nurse, patient), patients.staff_choices(nurse))
    qtbot.addWidget(view)
    view.resize(1200, 850)
    view.show()
    section = view.sections["medications"]
    assert isinstance(section, MedicationsSection)
    view.tabs.setCurrentWidget(section)
    page = next(p for p in section.extra_pages if isinstance(p, ReconciliationsPage))
    section.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.chart is not None)

    def in_the_screen(dialog: QDialog) -> None:
        assert isinstance(dialog, ReconciliationScreen)
        screen = dialog
        assert "After a hospital discharge, discharged 11/20/2026" in screen.heading.text()
        enter_source(
            qtbot,
            "Patient/caregiver interview",
            "Rosa (patient)",
            [
                ["Lisinopril 10 mg tablet", "1 tablet", "by mouth", "once a day"],
                ["Metformin 500 mg tablet", "1 tablet", "by mouth", "twice a day"],
            ],
        )
        qtbot.keyClick(screen.add_source_button, Qt.Key.Key_Space)
        check_dialogs()
        enter_source(
            qtbot,
            "Hospital discharge list",
            "Mercy General Hospital",
            [
                ["Lisinopril 10 mg tablet", "2 tablets", "by mouth", "once a day"],
                ["Furosemide 40 mg tablet", "1 tablet", "by mouth", "every morning"],
            ],
        )
        qtbot.keyClick(screen.add_source_button, Qt.Key.Key_Space)
        check_dialogs()
        assert screen.view is not None and len(screen.view.sources) == 2
        table = screen.table
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
        for row in range(screen.model.rowCount()):
            line = screen.current_line()
            assert line is not None and table.currentIndex().row() == row
            name = (line.current or next(m for m in line.by_source.values() if m is not None)).display
            if name.startswith("Metformin"):

                def stop(d: QDialog) -> None:
                    reason = d.findChild(QLineEdit, "reason")
                    assert reason is not None
                    qtbot.keyClicks(reason, "Held by the hospital: kidney function")
                    qtbot.keyClick(reason, Qt.Key.Key_Return)

                when_dialog(qtbot, "decisionDialog", stop)
                qtbot.keyClick(table, Qt.Key.Key_S)
                check_dialogs()
            elif name.startswith("Furosemide"):

                def new(d: QDialog) -> None:
                    reason = d.findChild(QLineEdit, "reason")
                    assert reason is not None
                    qtbot.keyClicks(reason, "Started in hospital for heart failure")
                    qtbot.keyClick(reason, Qt.Key.Key_Return)

                when_dialog(qtbot, "decisionDialog", new)
                qtbot.keyClick(table, Qt.Key.Key_N)
                check_dialogs()
            else:
                qtbot.keyClick(table, Qt.Key.Key_C)
            if line.discrepancies:
                qtbot.keyClick(table, Qt.Key.Key_1)
            if line.high_alert:
                qtbot.keyClick(table, Qt.Key.Key_D)
            qtbot.keyClick(table, Qt.Key.Key_Down)
        screen.checklist.setFocus()
        for row in range(screen.checklist.count()):
            chosen = ChecklistItem(screen.checklist.item(row).data(Qt.ItemDataRole.UserRole))
            if chosen in (ChecklistItem.IDENTIFIERS_ALLERGIES, ChecklistItem.DETAILS_COMPLETE):
                screen.checklist.setCurrentRow(row)
                qtbot.keyClick(screen.checklist, Qt.Key.Key_Space)
                qtbot.waitUntil(lambda c=chosen: screen.view is not None and c in screen.view.record.ticked)
        assert screen.view.blockers == (), screen.view.blockers
        qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert screen.view.record.signed, screen.notice.text()
        qtbot.keyClick(screen, Qt.Key.Key_Escape)

    def start(dialog: QDialog) -> None:
        reason = dialog.findChild(QComboBox, "reason")
        assert reason is not None and reason.currentData() == "post_discharge"  # the stay was chosen for it
        when_dialog(qtbot, "reconciliationScreen", in_the_screen)
        qtbot.keyClick(dialog.findChild(QPushButton, "startReconciliationOk"), Qt.Key.Key_Space)

    when_dialog(qtbot, "startReconciliation", start)
    qtbot.keyClick(page.start_button, Qt.Key.Key_Space)
    check_dialogs()

    assert page.table.rowCount() == 1 and page.table.item(0, 4).text() == "Signed"
    qtbot.keyClick(page.print_button, Qt.Key.Key_Space)
    window = page.findChild(DocumentWindow)
    assert window is not None
    qtbot.waitUntil(lambda: window.document is not None, timeout=30_000)
    assert window.document is not None and window.document.title.startswith("Medication reconciliation")
    text = " ".join(pdf_text(window.document.pdf).split())
    assert "STOPPED" in text and "Held by the hospital: kidney function" in text and "NEW" in text
    window.close()

    med_list = printing.prepare(nurse, PrintRequest("med_list", patient))
    listed = " ".join(pdf_text(med_list.pdf).split())
    assert "Furosemide 40 mg tablet" in listed and "Started in hospital for heart failure" in listed
