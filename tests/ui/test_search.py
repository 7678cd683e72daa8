"""Ctrl+K quick search from anywhere: names in any order, without accents, MRN, date of birth, phone digits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.errors import StorageUnavailable
from carecoord_desktop.domain.patients import normalize_for_search
from carecoord_desktop.services import audit_trail, patients
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.models.patient_table_model import PatientTableModel
from carecoord_desktop.ui.search.quick_search import QuickSearchDialog
from tests.conftest import sign_in
from tests.ui.helpers import everyone, failing


def quick_search(qtbot: QtBot, window: MainWindow) -> QuickSearchDialog:
    """Press Ctrl+K while typing in the panel's own search box: the window shortcut still wins."""
    panel = window.area("patients").panel
    window.activateWindow()  # a window manager does this when a dialog closes; offscreen does not
    qtbot.waitUntil(window.isActiveWindow)
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.area("patients").quick_search
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def search(qtbot: QtBot, dialog: QuickSearchDialog, text: str) -> list[int]:
    dialog.input.clear()
    qtbot.keyClicks(dialog.input, text)
    qtbot.waitUntil(lambda: dialog.results_for == text)
    return [dialog.model.row(r).id for r in range(dialog.model.rowCount())]


def test_name_in_reverse_order_then_enter_opens_the_audited_chart(
    qtbot: QtBot, nina_window: MainWindow, filled: Path
) -> None:
    # QTest types ASCII only; accented names have their own test below.
    target = next(r for r in everyone(nina_window.session)[123:] if (r.family_name + r.given_name).isascii())
    dialog = quick_search(qtbot, nina_window)
    found = search(qtbot, dialog, f"{target.family_name} {target.given_name}".lower())
    assert target.id in found
    found = search(
        qtbot, dialog, f"{target.given_name[:3]} {target.family_name[:4]}"
    )  # prefixes, given first
    assert target.id in found
    while dialog.current_patient() != target.id:
        qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    area = nina_window.area("patients")
    chart = area.chart_for(target.id)
    assert chart is not None and area.tabs.currentWidget() is chart
    assert chart.header.name.text().startswith(f"{target.family_name}, {target.given_name}")
    nina_window.sign_out()
    admin = sign_in(filled, "admin")
    opened = audit_trail.search(
        admin, AuditFilter(username="nina", action="chart.open", patient_id=target.id)
    )
    assert len(opened) == 1
    admin.vault.close()


def test_accents_are_ignored(qtbot: QtBot, nina_window: MainWindow) -> None:
    accented = next(
        r
        for r in everyone(nina_window.session)
        if not r.family_name.isascii() and normalize_for_search(r.family_name).isascii()
    )
    plain = normalize_for_search(f"{accented.given_name} {accented.family_name}")
    assert plain != f"{accented.given_name} {accented.family_name}".lower()
    dialog = quick_search(qtbot, nina_window)
    assert accented.id in search(qtbot, dialog, plain)


def test_mrn(qtbot: QtBot, nina_window: MainWindow) -> None:
    target = everyone(nina_window.session)[42]
    dialog = quick_search(qtbot, nina_window)
    assert search(qtbot, dialog, target.mrn)[0] == target.id
    shown = dialog.model.data(dialog.model.index(0, PatientTableModel.MRN))
    assert shown == target.mrn


def test_date_of_birth_in_three_forms(qtbot: QtBot, nina_window: MainWindow) -> None:
    target = next(r for r in everyone(nina_window.session) if 1930 <= r.date_of_birth.year <= 1999)
    born = target.date_of_birth
    dialog = quick_search(qtbot, nina_window)
    for text in (
        born.strftime("%m/%d/%Y"),
        f"{born.month}/{born.day}/{born.strftime('%y')}",
        born.isoformat(),
    ):
        found = search(qtbot, dialog, text)
        assert target.id in found, text
        assert all(dialog.model.row(r).date_of_birth == born for r in range(len(found))), text


def test_last_four_phone_digits(qtbot: QtBot, nina_window: MainWindow) -> None:
    target = next(r for r in everyone(nina_window.session)[200:] if r.phone)
    last_four = target.phone[-4:]
    dialog = quick_search(qtbot, nina_window)
    assert target.id in search(qtbot, dialog, last_four)
    phones = {dialog.model.data(dialog.model.index(r, PatientTableModel.PHONE)) for r in range(3)}
    assert any(p.endswith(last_four) for p in phones)


def test_arrows_move_and_escape_closes(qtbot: QtBot, nina_window: MainWindow) -> None:
    dialog = quick_search(qtbot, nina_window)
    found = search(qtbot, dialog, "a")
    assert len(found) > 3
    assert dialog.current_patient() == found[0]
    qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.input, Qt.Key.Key_Down)
    assert dialog.current_patient() == found[2]
    qtbot.keyClick(dialog.input, Qt.Key.Key_Up)
    assert dialog.current_patient() == found[1]
    qtbot.keyClick(dialog.input, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert nina_window.area("patients").charts() == []
    search_none = quick_search(qtbot, nina_window)
    assert search(qtbot, search_none, "zzqxj") == []
    assert "No patient matches" in search_none.status.text()


def test_a_search_the_vault_refuses_is_a_message(
    qtbot: QtBot, nina_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = quick_search(qtbot, nina_window)
    found = search(qtbot, dialog, "a")
    problem = StorageUnavailable("The vault's disk cannot be read. Check that the drive is connected.")
    failing(monkeypatch, patients, "search_patients", problem)
    dialog.input.clear()
    qtbot.keyClicks(dialog.input, "ab")
    qtbot.waitUntil(lambda: dialog.status.text() == problem.message)
    assert dialog.isVisible() and dialog.results_for == "a"  # the last good results stay
    assert [dialog.model.row(r).id for r in range(dialog.model.rowCount())] == found


def test_a_deceased_patient_is_marked_with_age_at_death_in_search_and_chart_header(
    qtbot: QtBot, nina_window: MainWindow
) -> None:
    session = nina_window.session
    dead = patients.add_patient(
        session,
        {
            "mrn": "DEC-9",
            "given_name": "Laura",
            "family_name": "Zzdeceased",
            "date_of_birth": "1941-12-24",
            "sex_at_birth": "female",
            "status": "deceased",
            "date_of_death": "2006-03-02",
        },
    )
    dialog = quick_search(qtbot, nina_window)
    assert search(qtbot, dialog, "zzdeceased laura") == [dead]
    name = dialog.model.index(0, PatientTableModel.NAME).data()
    born = dialog.model.index(0, PatientTableModel.DOB).data()
    assert name == "Zzdeceased, Laura — deceased"
    assert born == "12/24/1941 (died at 64)"
    qtbot.keyClick(dialog.input, Qt.Key.Key_Return)
    view = nina_window.area("patients").chart_for(dead)
    assert view is not None
    assert "Died at 64" in view.header.details.text() and "65" not in view.header.details.text()
    assert view.header.status.text() == "Deceased 03/02/2006"
