"""Printing from the app: open a chart, preview the summary, save or print it, see the disclosure on the chart."""

from __future__ import annotations

import io
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import disclosures, letterhead, printing
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from carecoord_desktop.ui.printing.disclosures_panel import DisclosuresPanel
from carecoord_desktop.ui.printing.document_window import DocumentWindow
from carecoord_desktop.ui.printing.letterhead_settings import LetterheadSettings
from tests.documents.samples import clinic, pdf_text, session_for
from tests.ui.helpers import open_main

__all__ = ["clinic"]


@pytest.fixture
def nina_at(qtbot: QtBot, clinic: Path) -> Iterator[MainWindow]:
    window = open_main(qtbot, session_for(clinic, "nina"))
    yield window
    window.close()


def _chart(window: MainWindow) -> ChartView:
    area = window.show_area("patients")
    assert isinstance(area, PatientsArea)
    view = area.open_chart(1)
    assert view is not None
    return view


def _chart_window(qtbot: QtBot, window: MainWindow) -> DocumentWindow:
    view = _chart(window)
    qtbot.mouseClick(view.findChild(QPushButton, "printSummary"), Qt.MouseButton.LeftButton)
    document = view.findChild(DocumentWindow)
    assert document is not None
    qtbot.waitUntil(lambda: document.document is not None and not document.building, timeout=10_000)
    return document


def test_preview_save_and_see_the_disclosure_on_the_chart(
    qtbot: QtBot, nina_at: MainWindow, tmp_path: Path
) -> None:
    document = _chart_window(qtbot, nina_at)
    prepared = document.document
    assert prepared is not None
    assert document.pdf.pageCount() == prepared.pages
    assert document.page_label.text() == f"Page 1 of {prepared.pages}"
    assert document.language.currentData() == "es"  # José prefers Spanish
    qtbot.mouseClick(document.next_page, Qt.MouseButton.LeftButton)
    assert document.page_label.text() == f"Page 2 of {prepared.pages}"

    document.recipient.kind.setCurrentIndex(document.recipient.kind.findData("provider"))
    qtbot.keyClicks(document.recipient.name, "Dr Ana Costa")
    document.recipient.purpose.setCurrentIndex(document.recipient.purpose.findData("care-coordination"))
    out = tmp_path / "resumen.pdf"
    assert document.save_to(out)
    assert "recorded as a disclosure" in document.notice.text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Resumen del paciente" in pdf_text(out.read_bytes())

    view = document.parent()
    table = view.findChild(QTableWidget, "disclosuresTable")
    view.tabs.setCurrentWidget(view.findChild(type(table.parent()), "disclosuresPanel"))
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    row = [table.item(0, c).text() for c in range(table.columnCount())]
    assert row[1] == "Nina Okafor" and row[3] == "Dr Ana Costa (an outside provider)"
    assert row[4] == "Care coordination" and row[5] == "Saved as PDF" and row[7] == "No"


def test_printing_fits_each_page_to_the_printer_and_is_a_disclosure(
    qtbot: QtBot, nina_at: MainWindow, tmp_path: Path
) -> None:
    document = _chart_window(qtbot, nina_at)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert document.print_to(printer)  # the recipient defaults to the patient, the purpose to treatment
    assert document.document is not None
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == document.document.pages
    [entry] = disclosures.patient_disclosures(nina_at.session, 1)
    assert entry.row.delivery == "print" and entry.row.recipient_kind == "patient"


def test_a_missing_recipient_name_is_said_and_nothing_is_disclosed(
    qtbot: QtBot, nina_at: MainWindow, tmp_path: Path
) -> None:
    document = _chart_window(qtbot, nina_at)
    document.recipient.kind.setCurrentIndex(document.recipient.kind.findData("other"))
    assert not document.save_to(tmp_path / "x.pdf")
    assert document.notice.text() == "Enter the recipient's name."
    assert not (tmp_path / "x.pdf").exists()
    assert disclosures.patient_disclosures(nina_at.session, 1) == []


@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|propagateSizeHints)\(\)")  # offscreen
def test_a_second_click_does_not_build_twice(
    qtbot: QtBot, nina_at: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = printing.prepare

    def counted(session: Session, request: printing.PrintRequest) -> printing.PreparedDocument:
        calls.append(request.patient_id)
        return real(session, request)

    monkeypatch.setattr(printing, "prepare", counted)
    view = _chart(nina_at)
    button = view.findChild(QPushButton, "printSummary")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [document] = view.findChildren(DocumentWindow)
    qtbot.waitUntil(lambda: document.document is not None and not document.building, timeout=10_000)
    assert calls == [1]
    assert document.print_button.isEnabled()


def test_large_print_and_language_rebuild_the_preview(qtbot: QtBot, nina_at: MainWindow) -> None:
    document = _chart_window(qtbot, nina_at)
    normal = document.document
    assert normal is not None
    document.language.setCurrentIndex(document.language.findData("en"))
    document.large_print.setChecked(True)
    qtbot.waitUntil(
        lambda: document.document is not None and document.document.large_print and not document.building,
        timeout=10_000,
    )
    assert document.document.language == "en" and document.document.pages > normal.pages
    assert "Patient summary" in pdf_text(document.document.pdf)


def test_front_desk_prints_a_copy_without_clinical_content_and_sees_no_disclosure_log(
    qtbot: QtBot, clinic: Path
) -> None:
    window = open_main(qtbot, session_for(clinic, "fred"))
    try:
        document = _chart_window(qtbot, window)
        assert document.document is not None and not document.document.clinical
        assert "without clinical content" in document.status.text()
        view = document.parent()
        assert view.findChild(QTableWidget, "disclosuresTable") is None
    finally:
        window.close()


def test_the_menu_prints_the_chart_in_front(qtbot: QtBot, nina_at: MainWindow) -> None:
    nina_at.show_area("patients")
    nina_at.print_summary_action.trigger()
    assert "Open a patient's chart first" in nina_at.statusBar().currentMessage()
    view = _chart(nina_at)
    nina_at.print_summary_action.trigger()
    assert view.findChild(DocumentWindow) is not None
    qtbot.waitUntil(lambda: not view.findChild(DocumentWindow).building, timeout=10_000)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 80), (20, 80, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def test_letterhead_settings_in_practice_settings(qtbot: QtBot, clinic: Path, tmp_path: Path) -> None:
    admin = session_for(clinic, "admin")
    window = open_main(qtbot, admin)
    try:
        page = window.show_area("settings")
        box = page.findChild(LetterheadSettings, "letterheadSettings")
        qtbot.keyClicks(box.line1, "12 Elm Street")
        qtbot.keyClicks(box.city, "Springfield, IL 62701")
        qtbot.keyClicks(box.phone, "217 555 0100")
        box.paper.setCurrentIndex(box.paper.findData("a4"))
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        assert box.message.text().startswith("Letterhead saved")
        saved = letterhead.letterhead(admin)
        assert (saved.address_line1, saved.phone, saved.paper.value) == (
            "12 Elm Street",
            "+12175550100",
            "a4",
        )

        bad = tmp_path / "logo.png"
        bad.write_bytes(b"not an image")
        assert not box.set_logo_file(bad)
        assert box.message.text() == "The logo must be a PNG or JPEG image."
        good = tmp_path / "good.png"
        good.write_bytes(_png())
        assert box.set_logo_file(good)
        assert letterhead.logo(admin) == good.read_bytes()
        assert box.remove_logo.isEnabled()
    finally:
        window.close()


def test_preview_and_print_write_no_file_but_the_one_chosen(
    qtbot: QtBot, clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDF goes from memory to the preview and the printer: no temporary file anywhere under the test's
    folder (the profile's config, cache and data folders and the temp folder included)."""
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    monkeypatch.setenv("TMPDIR", str(private))
    window = open_main(qtbot, session_for(clinic, "nina"))
    try:
        before = {p for p in tmp_path.rglob("*") if p.is_file()}
        document = _chart_window(qtbot, window)
        document.large_print.setChecked(True)
        qtbot.waitUntil(
            lambda: document.document is not None and document.document.large_print, timeout=10_000
        )
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        chosen = tmp_path / "chosen" / "printed.pdf"
        chosen.parent.mkdir()
        printer.setOutputFileName(str(chosen))
        assert document.print_to(printer)
        after = {p for p in tmp_path.rglob("*") if p.is_file()}
    finally:
        window.close()
    vault_files = {p for p in after if p.name.startswith(clinic.name)}
    assert after - before - vault_files == {chosen}


def test_closing_the_window_while_it_builds_is_harmless(qtbot: QtBot, nina_at: MainWindow) -> None:
    view = _chart(nina_at)
    qtbot.mouseClick(view.findChild(QPushButton, "printSummary"), Qt.MouseButton.LeftButton)
    document = view.findChild(DocumentWindow)
    assert document is not None and document.building
    task = document.task
    document.close()  # deleted on close; the build finishes in the background
    qtbot.waitUntil(lambda: task is not None and task.done, timeout=10_000)
    qtbot.wait(50)
    assert view.findChildren(DocumentWindow) == []


def test_the_accounting_prints_from_the_disclosures_tab(
    qtbot: QtBot, nina_at: MainWindow, tmp_path: Path
) -> None:
    document = _chart_window(qtbot, nina_at)
    document.recipient.kind.setCurrentIndex(document.recipient.kind.findData("other"))
    qtbot.keyClicks(document.recipient.name, "Hill & Partners LLP")
    document.recipient.purpose.setCurrentIndex(document.recipient.purpose.findData("other"))
    qtbot.keyClicks(document.recipient.purpose_text, "Court order 26-114")
    assert document.save_to(tmp_path / "court.pdf")
    document.close()

    view = _chart(nina_at)
    panel = view.findChild(DisclosuresPanel)
    view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    assert panel.table.item(0, 7).text() == "Yes"  # listed in the patient's accounting
    qtbot.mouseClick(panel.print_accounting, Qt.MouseButton.LeftButton)
    accounting = panel.findChild(DocumentWindow)
    qtbot.waitUntil(lambda: accounting.document is not None and not accounting.building, timeout=10_000)
    assert accounting.document.document == "accounting"
    text = pdf_text(accounting.document.pdf)
    assert "Hill & Partners LLP" in text and "Court order 26-114" in text
    assert "Divulgaciones del 28/11/2020 al 28/11/2026" in text  # six years, in José's language
