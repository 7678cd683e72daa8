"""The area registry: one AreaSpec is all a feature adds; areas are built on their first visit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import patients
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.ui.area_spec import AreaSpec
from carecoord_desktop.ui.areas import AREAS
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.registry import load_class
from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD, sign_in
from tests.ui import notes_area
from tests.ui.helpers import everyone, open_main

NOTES = AreaSpec(
    "notes",
    "Notes",
    "tests.ui.notes_area:NotesArea",
    permission=Permission.VIEW_PATIENT_DEMOGRAPHICS,
    menu="&Tools",
    menu_text="&Notes",
    shortcut="Ctrl+Shift+N",
    draft_key="notes",
    draft_label="your notes",
)


def test_every_registered_area_names_a_widget_and_its_own_draft_key() -> None:
    for spec in AREAS:
        assert issubclass(load_class(spec.widget, QWidget), QWidget)
    keys = [s.key for s in AREAS]
    drafts = [s.draft_key for s in AREAS if s.draft_key]
    assert len(set(keys)) == len(keys) and len(set(drafts)) == len(drafts)
    assert all(s.draft_label for s in AREAS if s.draft_key)


def test_after_sign_in_only_the_first_area_is_built(qtbot: QtBot, filled: Path) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    assert window.current_area() == "patients"
    assert list(window.areas) == ["patients"]
    window.navigation.setCurrentRow(0)  # Home, by the navigation list
    assert list(window.areas) == ["patients", "home"]
    assert window.area_stack.currentWidget() is window.areas["home"]
    assert "Nina" in window.areas["home"].identity.text()
    window.sign_out()


def test_admin_lands_on_home_and_builds_an_admin_area_only_when_asked(qtbot: QtBot, practice: Path) -> None:
    window = open_main(qtbot, sign_in(practice, "admin"))
    assert list(window.areas) == ["home"]
    assert not window.may_open("patients") and window.open_chart(1) is None
    window.area_action("settings").trigger()
    assert window.current_area() == "settings" and set(window.areas) == {"home", "settings"}
    window.sign_out()


def test_a_registered_area_gets_navigation_menu_shortcut_and_drafts(
    qtbot: QtBot, filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes_area.BUILT.clear()
    window = open_main(qtbot, sign_in(filled, "nina"), areas=(*AREAS, NOTES))
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles[-1] == "Notes" and notes_area.BUILT == []
    tools = window.menuBar().findChild(type(window.admin_menu), "toolsMenu")
    assert tools is not None and tools.menuAction().isVisible()
    assert [a.text() for a in tools.actions()] == ["&Notes"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window.navigation,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.current_area() == "notes" and notes_area.BUILT == ["nina"]
    qtbot.keyClicks(window.areas["notes"].text, "Call the pharmacy back")

    # Someone else takes over: Nina's notes are kept for her, and go back into a freshly built area.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    for username, password in (("admin", ADMIN_PASSWORD), ("nina", NURSE_PASSWORD)):
        window.lock()
        window.overlay.username.selectAll()
        qtbot.keyClicks(window.overlay.username, username)
        qtbot.keyClicks(window.overlay.password, password)
        qtbot.mouseClick(window.overlay.unlock_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda u=username: window.session.user.username == u and not window.locked, timeout=10_000
        )
    assert notes_area.BUILT == ["nina", "nina"]  # not built for the admin, who may not open it
    assert window.current_area() == "notes"
    assert window.areas["notes"].text.toPlainText() == "Call the pharmacy back"
    window.sign_out()


def test_open_chart_shows_the_patients_area_with_that_chart(qtbot: QtBot, filled: Path) -> None:
    session = sign_in(filled, "nina")
    window = open_main(qtbot, session)
    window.show_area("home")
    patient = everyone(session)[3]
    view = window.open_chart(patient.id)
    assert isinstance(view, ChartView) and view.patient_id == patient.id
    assert window.current_area() == "patients"
    assert window.area("patients").tabs.currentWidget() is view
    assert patients.open_chart(session, patient.id).patient.mrn in view.header.details.text()
    window.sign_out()
