"""Admin → Care plan templates: the defaults listed, an English and Spanish edit saved, a bad line refused in
plain words, a practice's own template added."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import auth, care_plan_templates
from carecoord_desktop.ui.care_plans.templates_page import CarePlanTemplatesPage
from tests.conftest import make_practice, sign_in


def _page(qtbot: QtBot, path: Path, user: str) -> CarePlanTemplatesPage:
    page = CarePlanTemplatesPage(sign_in(path, user))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    return page


def test_an_admin_edits_a_template_and_adds_one(qtbot: QtBot, vault_path: Path) -> None:
    auth.sign_out(make_practice(vault_path))
    page = _page(qtbot, vault_path, "admin")
    names = [page.list.item(i).text() for i in range(page.list.count())]
    assert names == ["COPD", "Depression", "Type 2 diabetes", "Heart failure", "High blood pressure"]
    page.list.setCurrentRow(2)
    assert page.key.text() == "diabetes" and page.key.isReadOnly()
    english, spanish = page.languages["en"], page.languages["es"]
    assert (
        english.goals.toPlainText().splitlines()[0]
        == "Bring your average blood sugar down | A1C blood test | Below 7% | 6"
    )
    assert spanish.name.text() == "Diabetes tipo 2"
    english.lines["call_us_if"].appendPlainText("Your sugar stays over 250 for 3 days.")
    spanish.lines["call_us_if"].appendPlainText("Su azúcar sigue arriba de 250 por 3 días.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "saved" in page.notice.text()
    saved = care_plan_templates.get_template(page.session, "diabetes")
    assert saved.text["en"].call_us_if[-1] == "Your sugar stays over 250 for 3 days."
    assert saved.text["es"].call_us_if[-1] == "Su azúcar sigue arriba de 250 por 3 días."

    english.goals.appendPlainText("A goal without its parts")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.notice.text() == "Goal line 4: write goal | what is measured | target | months."
    assert len(care_plan_templates.get_template(page.session, "diabetes").text["en"].goals) == 3

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.key, "ckd")
    qtbot.keyClicks(page.codes, "N18")
    qtbot.keyClicks(english.name, "Chronic kidney disease")
    english.goals.setPlainText("Protect your kidneys | eGFR blood test | No drop of more than 5 | 12")
    english.interventions.setPlainText("Kidney blood and urine tests | pcp | Every 6 months")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.list.currentItem().text() == "Chronic kidney disease"
    assert care_plan_templates.get_template(page.session, "ckd").condition_codes == ("N18",)
    page.session.vault.close()


def test_a_nurse_may_edit_templates_too(qtbot: QtBot, vault_path: Path) -> None:
    auth.sign_out(make_practice(vault_path))
    page = _page(qtbot, vault_path, "nina")
    assert page.list.count() == 5 and page.save_button.isEnabled()
    page.session.vault.close()
