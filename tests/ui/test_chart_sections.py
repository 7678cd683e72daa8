"""The chart section registry: each section loads its part, and drafts go back by section key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.chart.sections import CHART_SECTIONS
from carecoord_desktop.ui.registry import load_class
from tests.ui import notes_section
from tests.ui.helpers import everyone


def _view(
    qtbot: QtBot, session: Session, patient_id: int, sections: tuple[str, ...] = CHART_SECTIONS
) -> ChartView:
    view = ChartView(
        session, patients.open_chart(session, patient_id), patients.staff_choices(session), sections=sections
    )
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    return view


def test_every_registered_section_is_a_chart_section_with_its_own_key() -> None:
    kinds = [load_class(ref, ChartSection) for ref in CHART_SECTIONS]
    keys = [k.key for k in kinds]
    assert len(set(keys)) == len(keys) and all(k.title for k in kinds)


def test_history_is_read_only_when_its_tab_is_shown(qtbot: QtBot, nina: Session) -> None:
    patient = everyone(nina)[0]
    patients.update_patient(nina, patient.id, {"pronouns": "they/them"})
    view = _view(qtbot, nina, patient.id)
    history = view.sections["history"]
    assert history.stale and history.table.rowCount() == 0
    view.tabs.setCurrentWidget(history)
    assert not history.stale
    changed = [history.table.item(r, 2).text() for r in range(history.table.rowCount())]
    assert "Pronouns" in changed


def test_a_draft_goes_back_to_its_section_even_when_the_tabs_are_ordered_differently(
    qtbot: QtBot, nina: Session
) -> None:
    patient = everyone(nina)[1]
    view = _view(qtbot, nina, patient.id)
    form = view.edit("contact")
    form.fields.widgets["email"].setFocus()
    qtbot.keyClicks(form.fields.widgets["email"], "x")
    typed = form.fields.value("email")
    draft = view.draft_state()
    assert draft is not None and set(draft["forms"]) == {"contact"} and draft["section"] == "contact"

    reordered = _view(qtbot, nina, patient.id, tuple(reversed(CHART_SECTIONS)))
    reordered.restore_draft(draft)
    restored = reordered.sections["contact"].form
    assert restored is not None and restored.fields.value("email") == typed
    assert reordered.tabs.currentWidget() is reordered.sections["contact"]
    assert all(s.form is None for k, s in reordered.sections.items() if k != "contact")


def test_a_registered_section_is_a_tab_that_loads_when_shown_and_saves_through_its_own_path(
    qtbot: QtBot, nina: Session
) -> None:
    notes_section.LOADS.clear()
    notes_section.SAVED.clear()
    patient = everyone(nina)[2]
    view = _view(qtbot, nina, patient.id, (*CHART_SECTIONS, "tests.ui.notes_section:NotesSection"))
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles.index("&Notes") == titles.index("Histor&y") + 1  # after the registered sections before it
    assert notes_section.LOADS == []  # lazy: nothing read until the tab is shown
    view.tabs.setCurrentWidget(view.sections["notes"])
    assert [patient.id] == notes_section.LOADS
    assert view.sections["notes"].text.text() == "No notes."
    form = view.edit("notes")
    qtbot.keyClicks(form.fields.widgets["note"], "Called the pharmacy")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert notes_section.SAVED == ["Called the pharmacy"]
    assert view.sections["notes"].form is None
    assert view.sections["notes"].text.text() == "Called the pharmacy"  # only this section was reloaded
    assert [patient.id, patient.id] == notes_section.LOADS
