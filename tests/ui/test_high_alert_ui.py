"""Admin → High-alert medicines, and the panel filter "On a high-alert medication"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import medications
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.admin.high_alert_page import HighAlertPage
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from tests.conftest import sign_in
from tests.ui.helpers import choose, everyone

NOW = datetime(2026, 11, 23, 10, 0)


def test_the_admin_unticks_a_class_and_adds_an_ingredient(qtbot: QtBot, filled: Path) -> None:
    admin = sign_in(filled, "admin")
    try:
        page = HighAlertPage(admin)
        qtbot.addWidget(page)
        assert page.checks["anticoagulants"].isChecked() and not page.checks["statins"].isChecked()
        page.checks["anticoagulants"].setChecked(False)
        page.ingredients.setText("amiodarone")
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert "Saved" in page.message.text()
        again = HighAlertPage(admin)
        qtbot.addWidget(again)
        assert not again.checks["anticoagulants"].isChecked() and again.ingredients.text() == "amiodarone"
        qtbot.mouseClick(again.defaults_button, Qt.MouseButton.LeftButton)
        assert again.checks["anticoagulants"].isChecked()
    finally:
        admin.vault.close()


def test_the_panel_filter_shows_only_patients_on_a_high_alert_medicine(
    qtbot: QtBot, nina: Session, show_patients: object
) -> None:
    nina.clock = PracticeClock.fixed(NOW)
    first = everyone(nina)[0]
    medications.add_medication(nina, first.id, {"display": "Eliquis 5 mg", "ingredients": ["apixaban"]})
    assert callable(show_patients)
    area = show_patients(nina)
    assert isinstance(area, PatientsArea)
    filters = area.panel.filters
    choose(qtbot, filters.coordinator, "All coordinators")
    choose(qtbot, filters.medicines, "On a high-alert medication")
    qtbot.waitUntil(lambda: area.panel.model.rowCount() == 1, timeout=5_000)
    assert filters.state()["high_alert"] is True
