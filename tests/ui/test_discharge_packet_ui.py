"""The discharge packet in the app: an admin adds handouts in Admin → Patient handouts; a nurse prints the packet
from the Transitions tab with the matching handouts ticked, previews it and saves it (a disclosure)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import auth, disclosures, transitions
from carecoord_desktop.ui.admin.handouts import HandoutsPage
from carecoord_desktop.ui.chart.transitions_section import TransitionsSection
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from carecoord_desktop.ui.printing.discharge_packet_dialog import DischargePacketDialog
from tests.documents.handout_pdfs import encrypted_pdf, handout_pdf
from tests.documents.samples import clinic, page_texts, pdf_text, session_for
from tests.services.test_discharge_packet import stay
from tests.ui.helpers import open_main

__all__ = ["clinic"]


def _add(qtbot: QtBot, page: HandoutsPage, path: Path, title: str, condition: str) -> None:
    page.choose_file(path)
    page.title.clear()
    qtbot.keyClicks(page.title, title)
    page.condition.setCurrentIndex(page.condition.findData(condition))
    page.language.setCurrentIndex(page.language.findData("en"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)


def test_an_admin_adds_handouts_and_is_told_plainly_what_is_wrong(
    qtbot: QtBot, clinic: Path, tmp_path: Path
) -> None:
    admin = session_for(clinic, "admin")
    try:
        page = HandoutsPage(admin)
        qtbot.addWidget(page)
        page.show()
        locked = tmp_path / "locked.pdf"
        locked.write_bytes(encrypted_pdf())
        _add(qtbot, page, locked, "Locked", "general")
        assert "That PDF is protected with a password (encrypted)." in page.notice.text()
        assert page.model.rowCount() == 0
        good = tmp_path / "heart_failure_at_home.pdf"
        good.write_bytes(handout_pdf("Weigh yourself every morning", pages=2))
        assert page.title.text() == "Locked"  # what was typed stays after a refusal
        page.title.clear()
        page.choose_file(good)
        assert page.title.text() == "Heart failure at home"  # suggested from the file name
        page.condition.setCurrentIndex(page.condition.findData("heart_failure"))
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        assert "“Heart failure at home” added (2 pages)." in page.notice.text()
        assert page.model.rowCount() == 1
        assert page.model.index(0, page.model.CONDITION).data() == "Heart failure"
        assert page.file_label.text() == "No file chosen" and page.title.text() == ""
        page.table.selectRow(0)
        qtbot.mouseClick(page.retire_button, Qt.MouseButton.LeftButton)
        assert page.model.rowCount() == 0
        assert "no longer offered" in page.notice.text()
    finally:
        auth.sign_out(admin)


def test_a_nurse_prints_the_packet_with_the_matching_handouts(
    qtbot: QtBot, clinic: Path, tmp_path: Path
) -> None:
    admin = session_for(clinic, "admin")
    try:
        page = HandoutsPage(admin)
        qtbot.addWidget(page)
        for name, title, condition in (
            ("hf.pdf", "Weigh yourself every morning", "heart_failure"),
            ("copd.pdf", "Use your inhaler", "copd"),
        ):
            (tmp_path / name).write_bytes(handout_pdf(title, pages=1))
            _add(qtbot, page, tmp_path / name, title, condition)
        assert page.model.rowCount() == 2
    finally:
        auth.sign_out(admin)
    nurse = session_for(clinic, "nina")
    transitions.record_stay(nurse, 1, stay())  # heart failure exacerbation
    window = open_main(qtbot, nurse)
    try:
        area = window.show_area("patients")
        assert isinstance(area, PatientsArea)
        view = area.open_chart(1)
        assert view is not None
        section = view.sections["transitions"]
        assert isinstance(section, TransitionsSection)
        view.tabs.setCurrentWidget(section)
        button = section.findChild(QPushButton, "printDischargePacket")
        qtbot.waitUntil(button.isVisible)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = section.packet_dialog
        assert isinstance(dialog, DischargePacketDialog)

        def offered() -> list[tuple[str, Qt.CheckState]]:
            items = [dialog.handouts.item(i) for i in range(dialog.handouts.count())]
            return [(i.text().split(" — ")[0], i.checkState()) for i in items]

        # José prefers Spanish: the English handouts do not match his packet
        assert offered() == [
            ("Use your inhaler", Qt.CheckState.Unchecked),
            ("Weigh yourself every morning", Qt.CheckState.Unchecked),
        ]
        assert "0 of 2 match the patient's conditions in Spanish" in dialog.handouts_hint.text()
        dialog.version.setCurrentIndex(dialog.version.findData("provider"))  # the provider copy is English
        assert offered() == [
            ("Weigh yourself every morning", Qt.CheckState.Checked),  # heart failure: on the chart
            ("Use your inhaler", Qt.CheckState.Unchecked),
        ]
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        document = dialog.document_window
        assert document is not None
        qtbot.waitUntil(lambda: document.document is not None and not document.building, timeout=20_000)
        assert document.language.currentData() == "en"
        document.recipient.kind.setCurrentIndex(document.recipient.kind.findData("provider"))
        qtbot.keyClicks(document.recipient.name, "Dr Ana Costa")
        out = tmp_path / "packet.pdf"
        assert document.save_to(out), document.notice.text()
        pages = page_texts(out.read_bytes())
        assert "Discharge packet: provider copy" in pdf_text(out.read_bytes())
        assert pages[-1] == "Weigh yourself every morning (handout page 1)"
        [entry] = disclosures.patient_disclosures(nurse, 1)
        assert entry.row.document == "discharge_packet" and entry.row.page_count == len(pages)
    finally:
        window.close()
