"""The panel: a provider starts on their own patients, "Unassigned" and "No PCP" filters exist, and an empty
result says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from tests.conftest import sign_in
from tests.ui.helpers import choose


def test_a_provider_starts_on_their_own_patients(filled: Path) -> None:
    priya = sign_in(filled, "priya")
    flt = patients.default_panel_filter(priya)
    assert flt.pcp_id == priya.user.id and flt.coordinator_id is None
    rows = patients.panel_page(priya, PanelQuery(flt), limit=1000)
    assert rows and {r.pcp_name for r in rows} == {"Dr Priya Raman"}
    priya.vault.close()


def test_unassigned_and_no_pcp_filters_then_an_empty_result_says_so(
    qtbot: QtBot, nina: Session, show_patients: Callable[[Session], PatientsArea]
) -> None:
    everyone = patients.panel_page(nina, PanelQuery(PanelFilter()), limit=5000)
    without_pcp = {r.id for r in everyone if r.pcp_name is None}
    without_coordinator = {r.id for r in everyone if r.coordinator_name is None}
    flt = PanelFilter(no_pcp=True)
    assert {r.id for r in patients.panel_page(nina, PanelQuery(flt), limit=5000)} == without_pcp
    flt = PanelFilter(no_coordinator=True)
    assert {r.id for r in patients.panel_page(nina, PanelQuery(flt), limit=5000)} == without_coordinator

    area = show_patients(nina)
    panel = area.panel
    choose(qtbot, panel.filters.coordinator, "Unassigned")
    choose(qtbot, panel.filters.pcp, "No PCP")
    choose(qtbot, panel.filters.status, "Transferred")
    panel.filters.min_age.setValue(120)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.count_label.text().startswith("No patient matches these filters")


def test_opening_a_chart_does_not_move_the_panel(
    qtbot: QtBot, nina: Session, show_patients: Callable[[Session], PatientsArea]
) -> None:
    area = show_patients(nina)
    table = area.panel.table
    assert area.tabs.tabBar().isVisible()  # the strip is there before any chart is open
    before = table.mapTo(area, table.rect().topLeft()).y()
    area.open_chart(area.panel.model.row(0).id)
    area.tabs.setCurrentWidget(area.panel)
    qtbot.waitUntil(table.isVisible)
    # No drop by a whole tab strip (it was ~32 px); a chart tab's close button still adds a few pixels.
    assert abs(table.mapTo(area, table.rect().topLeft()).y() - before) < area.tabs.tabBar().height() // 3
