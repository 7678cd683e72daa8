"""The chart's Care plan tab, walked as a nurse: a plan from a template, corrected, reviewed, previewed and
saved as a PDF (a disclosure), then revised into a second version."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import care_plans, disclosures
from carecoord_desktop.ui.care_plans.plan_form import CarePlanForm
from carecoord_desktop.ui.care_plans.review_dialog import ReviewDialog
from carecoord_desktop.ui.chart.care_plan_section import CarePlanSection
from carecoord_desktop.ui.main_window import MainWindow
from carecoord_desktop.ui.printing.document_window import DocumentWindow
from tests.documents.samples import clinic, pdf_text
from tests.ui.helpers import choose
from tests.ui.test_printing import _chart, nina_at

__all__ = ["clinic", "nina_at"]


def _section(window: MainWindow) -> CarePlanSection:
    view = _chart(window)
    section = view.sections["care_plan"]
    assert isinstance(section, CarePlanSection)
    view.tabs.setCurrentWidget(section)
    return section


def _type(qtbot: QtBot, field: object, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.clear()
    qtbot.keyClicks(field, text)


def test_a_nurse_writes_reviews_prints_and_revises_a_plan(
    qtbot: QtBot, nina_at: MainWindow, tmp_path: Path
) -> None:
    section = _section(nina_at)
    assert "No care plan yet" in section.text.text()
    assert section.template_boxes["diabetes"].isChecked()  # José's E11.9 fits the diabetes template
    assert not section.template_boxes["copd"].isChecked()
    assert section.plan_language.currentData() == "es"  # his preferred language
    section.plan_language.setCurrentIndex(section.plan_language.findData("en"))
    qtbot.mouseClick(section.edit_button, Qt.MouseButton.LeftButton)
    form = section.form
    assert isinstance(form, CarePlanForm)
    f = form.fields.widgets
    assert form.fields.value("title") == "Type 2 diabetes care plan"
    assert form.fields.value("goals.0.measure") == "A1C blood test"
    assert form.fields.value("problems.0.text") == "Type 2 diabetes mellitus"
    assert form.fields.value("interventions.1.responsible") == "staff:2"  # the chart's coordinator, Nina

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # the eye exam has nobody responsible yet
    assert section.form is form
    assert (
        "Choose the staff member who is responsible"
        in form.fields.error_label("interventions.3.responsible").text()
    )
    for index in range(form.lists_by_name["interventions"].count):
        combo = f[f"interventions.{index}.responsible"]
        assert isinstance(combo, QComboBox)
        if combo.currentData() == "staff":
            choose(qtbot, combo, "Dr Priya Raman (Provider)")
    _type(qtbot, f["goals.0.target"], "Below 7.5%")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert section.form is None, form.general.text()
    shown = section.text.text()
    assert "Type 2 diabetes care plan" in shown and "Below 7.5%" in shown
    assert "Interventions (what we will do)" in shown and "Review schedule" in shown
    assert section.actions_row.isVisibleTo(section) and not section.templates_row.isVisibleTo(section)

    qtbot.mouseClick(section.edit_button, Qt.MouseButton.LeftButton)  # "Correct…"
    form = section.form
    assert isinstance(form, CarePlanForm)
    _type(qtbot, form.fields.widgets["prognosis"], "Good with steady care")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert section.form is None and "Good with steady care" in section.text.text()

    assert section.shown is not None and section.shown.active is not None
    dialog = ReviewDialog(nina_at.session, section.shown.active, section)
    qtbot.addWidget(dialog)
    choose(qtbot, dialog.fields.widgets["progress.0.achievement"], "Improving")  # type: ignore[arg-type]
    _type(qtbot, dialog.fields.widgets["progress.0.note"], "A1C 7.8")
    dialog.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    section.refresh()
    assert "goal 1: improving" in section.text.text()

    qtbot.mouseClick(section.copy_button, Qt.MouseButton.LeftButton)
    assert "Copy given to the patient on 11/28/2026." in section.notice.text()

    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    document = section.findChild(DocumentWindow)
    assert document is not None
    qtbot.waitUntil(lambda: document.document is not None and not document.building, timeout=15_000)
    out = tmp_path / "plan.pdf"
    assert document.save_to(out)
    text = pdf_text(out.read_bytes())
    assert "Su plan de cuidado" in text and "Below 7.5%" in text and "Metas" in text
    [entry] = disclosures.patient_disclosures(nina_at.session, 1)
    assert entry.row.document == "care_plan" and entry.row.clinical
    document.close()

    qtbot.mouseClick(section.revise_button, Qt.MouseButton.LeftButton)
    form = section.form
    assert isinstance(form, CarePlanForm) and form.revising
    qtbot.mouseClick(form.lists_by_name["goals"].add_button, Qt.MouseButton.LeftButton)
    last = form.lists_by_name["goals"].count - 1
    for name, text in (("description", "Lose 5 pounds"), ("measure", "Weight"), ("target", "185 pounds")):
        _type(qtbot, form.fields.widgets[f"goals.{last}.{name}"], text)
    _type(qtbot, form.fields.widgets["reason"], "New weight goal")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert section.form is None, form.general.text()
    shown = section.text.text()
    assert "Version 2" in shown and "New weight goal" in shown and "Goals: 1 added." in shown
    assert "by Nina Okafor" in shown
    assert "Earlier versions" in shown
    active = care_plans.for_chart(nina_at.session, 1).active
    assert active is not None and active.version == 2
