"""Chart details a new user tripped over (issue 9 item 13): what reads as a label, what a field offers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.clinical_forms import CareTeamForm, ClinicalForm
from carecoord_desktop.ui.chart.demographics_forms import ContactForm
from carecoord_desktop.ui.chart.formatting import LABEL_WIDTH
from carecoord_desktop.ui.chart.read_views import clinical_html
from tests.ui.helpers import choose, everyone

CLOCK = PracticeClock.fixed(datetime(2026, 11, 28, 10, 0))


def _label_cells(html: str) -> list[str]:
    start = f"<td width='{LABEL_WIDTH}' style='color:#5b6b78;padding:3px 18px 3px 0'>"
    return [cell.split("</td>")[0] for cell in html.split(start)[1:]]


def test_problem_and_allergy_names_read_as_values_not_as_grey_labels(nina: Session) -> None:
    chart = next(
        c
        for c in (patients.open_chart(nina, r.id) for r in everyone(nina)[:60])
        if c.patient.clinical.problems and c.patient.clinical.allergies
    )
    labels = _label_cells(clinical_html(chart))
    clinical = chart.patient.clinical
    assert not {p.text for p in clinical.problems} & set(labels)
    assert not {a.substance for a in clinical.allergies} & set(labels)
    assert "Active" in labels or "Resolved" in labels or "Inactive" in labels


def test_the_code_field_is_off_without_a_code_system_and_shows_that_systems_example(qtbot: QtBot) -> None:
    form = ClinicalForm(1, can_set_risk_tier=True, clock=CLOCK)
    qtbot.addWidget(form)
    form.show()
    form.problems.add_row()
    qtbot.waitUntil(lambda: form.fields.widgets["clinical.problems.0.code"].isVisible())
    system = form.fields.widgets["clinical.problems.0.code_system"]
    code = form.fields.widgets["clinical.problems.0.code"]
    assert isinstance(system, QComboBox) and isinstance(code, QLineEdit)
    assert system.currentText() == "No code"
    assert not code.isEnabled() and code.placeholderText() == ""
    choose(qtbot, system, "ICD-10-CM")
    assert code.isEnabled() and code.placeholderText() == "e.g. E11.9"
    choose(qtbot, system, "SNOMED CT")
    assert code.placeholderText() == "e.g. 44054006"
    choose(qtbot, system, "No code")
    assert not code.isEnabled() and code.placeholderText() == ""


def test_an_outside_provider_row_shows_no_staff_member_box_and_a_staff_row_no_provider_fields(
    qtbot: QtBot,
) -> None:
    form = CareTeamForm([])
    qtbot.addWidget(form)
    form.show()
    form.members.add_row()
    qtbot.waitUntil(lambda: form.fields.widgets["care_team.0.kind"].isVisible())
    kind = form.fields.widgets["care_team.0.kind"]
    staff = form.fields.widgets["care_team.0.staff_id"]
    name = form.fields.widgets["care_team.0.name"]
    assert isinstance(kind, QComboBox)
    for index in range(kind.count()):
        kind.setCurrentIndex(index)
        outside = kind.currentData() != "staff"
        assert staff.isVisible() is not outside and name.isVisible() is outside, kind.currentText()


def test_empty_phone_fields_show_no_made_up_number(qtbot: QtBot) -> None:
    form = ContactForm(clock=CLOCK)
    qtbot.addWidget(form)
    for kind in ("mobile", "home", "work"):
        field = form.fields.widgets[f"phones.{kind}"]
        assert isinstance(field, QLineEdit)
        assert not any(ch.isdigit() for ch in field.placeholderText()), field.placeholderText()


def test_outside_providers_in_the_demo_are_titled_like_the_staff(nina: Session, filled: Path) -> None:
    names = [
        m.name
        for r in everyone(nina)[:120]
        for m in patients.open_chart(nina, r.id).patient.care_team
        if m.name and m.name.startswith("Dr")
    ]
    assert names and all(n.startswith("Dr ") for n in names)


def test_history_ends_with_a_risk_tier_set_before_the_chart_was_created_here(
    qtbot: QtBot, nina: Session
) -> None:
    chart = next(
        c
        for c in (patients.open_chart(nina, r.id) for r in everyone(nina)[:40])
        if c.patient.clinical.risk_tier is not None
    )
    risk = chart.patient.clinical.risk_tier
    assert risk is not None and risk.set_on < nina.clock.today()  # the demo's tiers were set in the past year
    view = ChartView(nina, chart, patients.staff_choices(nina))
    qtbot.addWidget(view)
    history = view.sections["history"]
    view.tabs.setCurrentWidget(history)
    table = history.table  # type: ignore[attr-defined]
    last = [table.item(table.rowCount() - 1, c).text() for c in range(5)]
    assert last[0] == risk.set_on.strftime("%m/%d/%Y")
    assert last[2] == "Risk tier set (before the chart was created here)"
    assert last[4].startswith(risk.tier.value.capitalize())
    assert table.item(table.rowCount() - 2, 2).text() == "Chart created"
