"""The patient panel: paged SQL model, sorting by header in SQL, filters, "My patients", saved views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QTableView
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.errors import StorageUnavailable
from carecoord_desktop.services import audit_trail, due_items, patients
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.models.patient_table_model import PatientTableModel, patient_model
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from carecoord_desktop.ui.theme import ERROR
from tests.conftest import sign_in
from tests.ui.helpers import choose, everyone, failing, open_main

ShowPatients = Callable[[Session], PatientsArea]
DISK_GONE = StorageUnavailable("The vault's disk cannot be read. Check that the drive is connected.")


def click_header(qtbot: QtBot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def shown(model: PatientTableModel, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_nurse_sees_my_patients_by_default_and_the_view_is_audited(qtbot: QtBot, filled: Path) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    area = window.area("patients")
    assert window.area_stack.currentWidget() is area  # the default area for a coordinator
    panel = area.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    assert panel.filters.coordinator.currentText() == "My patients"
    assert set(shown(panel.model, PatientTableModel.COORDINATOR)) == {"Nina Okafor"}
    expected = patients.panel_count(window.session, patients.default_panel_filter(window.session))
    assert 0 < expected < 300
    assert panel.count_label.text() == f"{expected} patients"
    # Next due and last contact come with the follow-up feature: an em dash, never invented data.
    assert set(shown(panel.model, PatientTableModel.NEXT_DUE)) == {"—"}
    assert set(shown(panel.model, PatientTableModel.LAST_CONTACT)) == {"—"}
    window.sign_out()
    admin = sign_in(filled, "admin")
    views = audit_trail.search(admin, AuditFilter(username="nina", action="panel.view"))
    assert len(views) == 1
    admin.vault.close()


def test_rows_arrive_a_page_at_a_time(qtbot: QtBot, nina: Session, show_patients: ShowPatients) -> None:
    area = show_patients(nina)
    panel = area.panel
    choose(qtbot, panel.filters.coordinator, "All coordinators")
    qtbot.waitUntil(lambda: panel.model.total > 200)
    assert panel.model.rowCount() == 100
    assert panel.model.canFetchMore()
    panel.table.scrollToBottom()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 200)
    first_two_pages = patients.panel_page(nina, panel.model.query, limit=200)
    assert [panel.model.row(r).id for r in range(200)] == [r.id for r in first_two_pages]


def test_an_overdue_next_due_is_red_and_says_what_is_due(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients
) -> None:
    first = patients.panel_page(nina, PanelQuery(patients.default_panel_filter(nina)), limit=1)[0]
    late = nina.clock.today() - timedelta(days=2)
    with nina.audited_write(Permission.EDIT_REFERRALS, "test.due", patient_id=first.id) as conn:
        due_items.set_due(
            nina, conn, first.id, DueItem("referral", "referrals", 1, late, "Referral: Send it")
        )
    area = show_patients(nina)
    panel = area.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    row = next(r for r in range(panel.model.rowCount()) if panel.model.row(r).id == first.id)
    cell = panel.model.index(row, PatientTableModel.NEXT_DUE)
    assert cell.data() == late.strftime("%m/%d/%Y")
    assert cell.data(Qt.ItemDataRole.ForegroundRole).name() == ERROR
    assert (
        cell.data(Qt.ItemDataRole.ToolTipRole)
        == f"Referral: Send it due {late.strftime('%m/%d/%Y')} — overdue"
    )


@pytest.mark.parametrize(
    ("column", "sort"),
    [
        (PatientTableModel.MRN, "mrn"),
        (PatientTableModel.DOB, "date_of_birth"),
        (PatientTableModel.RISK, "risk_tier"),
    ],
)
def test_clicking_a_header_sorts_in_sql(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients, column: int, sort: str
) -> None:
    area = show_patients(nina)
    panel = area.panel
    flt = panel.model.query.filter
    click_header(qtbot, panel.table, column)
    ascending = patients.panel_page(nina, PanelQuery(flt, sort), limit=3)
    qtbot.waitUntil(lambda: panel.model.row(0).id == ascending[0].id)
    assert [panel.model.row(i).id for i in range(3)] == [r.id for r in ascending]
    assert panel.table.horizontalHeader().sortIndicatorSection() == column

    click_header(qtbot, panel.table, column)
    descending = patients.panel_page(nina, PanelQuery(flt, sort, descending=True), limit=3)
    qtbot.waitUntil(lambda: panel.model.row(0).id == descending[0].id)
    assert [panel.model.row(i).id for i in range(3)] == [r.id for r in descending]
    assert descending[0].id != ascending[0].id


def test_filter_by_risk_tier(qtbot: QtBot, nina: Session, show_patients: ShowPatients) -> None:
    area = show_patients(nina)
    panel = area.panel
    choose(qtbot, panel.filters.risk, "High")
    qtbot.waitUntil(lambda: set(shown(panel.model, PatientTableModel.RISK)) == {"High"})
    expected = patients.panel_count(
        nina, PanelFilter(coordinator_id=nina.user.id, statuses=("active",), risk_tiers=("high",))
    )
    assert panel.count_label.text() == f"{expected} patient{'s' if expected != 1 else ''}"


def test_filter_by_coordinator(qtbot: QtBot, nina: Session, show_patients: ShowPatients) -> None:
    area = show_patients(nina)
    panel = area.panel
    mine = panel.model.total
    choose(qtbot, panel.filters.coordinator, "All coordinators")
    qtbot.waitUntil(lambda: panel.model.total > mine)
    everyone = panel.model.total
    other = next(
        panel.filters.coordinator.itemText(i)
        for i in range(2, panel.filters.coordinator.count())
        if panel.filters.coordinator.itemText(i) != "Nina Okafor"
    )
    choose(qtbot, panel.filters.coordinator, other)
    theirs = PanelFilter(coordinator_id=panel.filters.coordinator.currentData(), statuses=("active",))
    qtbot.waitUntil(lambda: panel.model.query.filter == theirs)
    assert 0 < panel.model.total == patients.panel_count(nina, theirs) <= everyone - mine
    assert set(shown(panel.model, PatientTableModel.COORDINATOR)) == {other}


def test_age_range_and_condition_filters(qtbot: QtBot, nina: Session, show_patients: ShowPatients) -> None:
    area = show_patients(nina)
    panel = area.panel
    panel.filters.min_age.setFocus()
    panel.filters.min_age.selectAll()
    qtbot.keyClicks(panel.filters.min_age, "65")
    qtbot.waitUntil(lambda: panel.model.query.filter.born_before is not None)
    ages = [int(text.split("(")[1].rstrip(")")) for text in shown(panel.model, PatientTableModel.DOB)]
    assert ages and min(ages) >= 65
    qtbot.keyClicks(panel.filters.condition, "Diab")
    qtbot.waitUntil(lambda: panel.model.query.filter.condition == "diab")
    assert panel.model.total == patients.panel_count(nina, panel.model.query.filter)


def test_saved_view_keeps_filters_and_sort(qtbot: QtBot, nina: Session, show_patients: ShowPatients) -> None:
    area = show_patients(nina)
    panel = area.panel
    choose(qtbot, panel.filters.risk, "Complex")
    click_header(qtbot, panel.table, PatientTableModel.DOB)
    qtbot.waitUntil(lambda: panel.model.query.sort == "date_of_birth")
    qtbot.mouseClick(panel.saved.save_button, Qt.MouseButton.LeftButton)
    dialog = panel.saved.name_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.setTextValue("")
    qtbot.keyClicks(dialog.findChild(type(panel.search)), "Complex, oldest first")
    dialog.accept()
    assert "Complex, oldest first" in patients.saved_views(nina)
    assert panel.saved.views.currentText() == "Complex, oldest first"

    qtbot.mouseClick(panel.filters.reset_button, Qt.MouseButton.LeftButton)
    click_header(qtbot, panel.table, PatientTableModel.NAME)
    qtbot.waitUntil(lambda: panel.model.query.filter.risk_tiers == () and panel.model.query.sort == "name")

    choose(qtbot, panel.saved.views, "Complex, oldest first")
    panel.saved.views.activated.emit(panel.saved.views.currentIndex())  # what picking it from the list does
    qtbot.waitUntil(lambda: panel.model.query.filter.risk_tiers == ("complex",))
    assert panel.model.query.sort == "date_of_birth"
    assert panel.filters.risk.currentText() == "Complex"


def test_enter_on_a_row_opens_the_chart(qtbot: QtBot, nina: Session, show_patients: ShowPatients) -> None:
    area = show_patients(nina)
    panel = area.panel
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    row = panel.model.row(panel.table.currentIndex().row())
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    chart = area.chart_for(row.id)
    assert chart is not None and area.tabs.currentWidget() is chart
    assert chart.header.name.text().startswith(row.family_name)


def test_panel_search_box_shows_matches_and_escape_returns_to_the_panel(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients
) -> None:
    area = show_patients(nina)
    panel = area.panel
    target = patients.panel_page(nina, PanelQuery(PanelFilter()), limit=1, offset=150)[0]
    qtbot.keyClicks(panel.search, target.mrn)
    qtbot.waitUntil(lambda: panel.model.searching and panel.model.rowCount() >= 1)
    assert panel.model.row(0).id == target.id
    assert panel.search_note.isVisible()
    assert panel.count_label.text().endswith("match")
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.model.searching)
    assert not panel.search_note.isVisible()


def test_front_desk_panel_has_no_clinical_columns_or_filters(
    qtbot: QtBot, filled: Path, show_patients: ShowPatients
) -> None:
    fred = sign_in(filled, "fred")
    area = show_patients(fred)
    panel = area.panel
    assert panel.table.isColumnHidden(PatientTableModel.RISK)
    assert panel.filters.risk.isHidden() and panel.filters.condition.isHidden()
    assert panel.filters.coordinator.currentText() == "All coordinators"
    assert panel.model.total == patients.panel_count(fred, PanelFilter(statuses=("active",)))
    fred.vault.close()


def test_the_table_model_passes_qtmodeltester(qtmodeltester: object, nina: Session) -> None:
    model = patient_model(nina)
    model.set_query(PanelQuery(PanelFilter()))
    model.sort(PatientTableModel.PHONE, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "phone" and model.query.descending
    # Checked after the last reset: the tester's own fetchMore inside a modelReset handler trips its
    # change-in-flight bookkeeping (its _run is connected before its reset handler).
    qtmodeltester.check(model, force_py=True)  # type: ignore[attr-defined]
    assert model.rowCount() > 100  # the tester fetched more pages


def test_a_refused_sort_is_a_message_and_the_rows_stay(
    qtbot: QtBot, filled: Path, show_patients: ShowPatients
) -> None:
    fred = sign_in(filled, "fred")
    area = show_patients(fred)
    panel = area.panel
    before = [panel.model.row(r).id for r in range(5)]
    # Sorting by risk tier discloses it: the service refuses the front desk (the column is hidden from them).
    panel.table.sortByColumn(PatientTableModel.RISK, Qt.SortOrder.AscendingOrder)
    assert panel.notice.isVisible()
    assert panel.notice.text() == "Your role (Front desk) is not allowed to view clinical information."
    assert panel.model.query.sort == "name"
    assert panel.table.horizontalHeader().sortIndicatorSection() == PatientTableModel.NAME
    assert [panel.model.row(r).id for r in range(5)] == before
    fred.vault.close()


def test_a_refused_page_is_a_message_and_paging_stops(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = show_patients(nina)
    panel = area.panel
    choose(qtbot, panel.filters.coordinator, "All coordinators")
    qtbot.waitUntil(lambda: panel.model.total > 200)
    attempts = failing(monkeypatch, patients, "panel_page", DISK_GONE)
    panel.table.scrollToBottom()
    qtbot.waitUntil(panel.notice.isVisible)
    assert panel.notice.text() == DISK_GONE.message
    panel.table.scrollToTop()
    panel.table.scrollToBottom()
    qtbot.wait(50)
    assert [a["offset"] for a in attempts] == [100]  # asked once, not again on every scroll
    assert panel.model.rowCount() == 100 and not panel.model.canFetchMore()
    monkeypatch.undo()
    choose(qtbot, panel.filters.coordinator, "My patients")  # a fresh query pages again
    qtbot.waitUntil(lambda: panel.model.query.filter.coordinator_id == nina.user.id)
    choose(qtbot, panel.filters.coordinator, "All coordinators")
    qtbot.waitUntil(lambda: panel.model.canFetchMore())


def test_a_chart_that_cannot_be_opened_is_a_message(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = show_patients(nina)
    shown_messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown_messages.append(text))
    failing(monkeypatch, patients, "staff_choices", DISK_GONE)
    area.panel.table.setFocus()
    qtbot.keyClick(area.panel.table, Qt.Key.Key_Return)
    assert shown_messages == [DISK_GONE.message]
    assert area.charts() == [] and area.tabs.currentWidget() is area.panel
    qtbot.mouseClick(area.panel.new_button, Qt.MouseButton.LeftButton)
    assert len(shown_messages) == 2 and area.new_patient_view() is None


def test_columns_empty_on_every_row_shown_take_only_their_titles_width_and_names_the_rest(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients
) -> None:
    area = show_patients(nina)
    panel = area.panel
    table, header = panel.table, panel.table.horizontalHeader()
    nothing_due = next(r for r in everyone(nina) if r.next_due_on is None and r.last_contact_on is None)
    qtbot.keyClicks(panel.search, nothing_due.mrn)
    qtbot.waitUntil(lambda: panel.model.searching and panel.model.rowCount() == 1)
    title = header.fontMetrics().horizontalAdvance("Next due")
    assert (
        table.columnWidth(PatientTableModel.NEXT_DUE)
        < header.fontMetrics().horizontalAdvance("00/00/0000") + 10
    )
    assert table.columnWidth(PatientTableModel.NEXT_DUE) >= title  # the title itself is never clipped
    # what the empty column gave up went to the names, and nothing runs off the right edge
    visible = [c for c in range(panel.model.columnCount()) if not table.isColumnHidden(c)]
    assert sum(table.columnWidth(c) for c in visible) <= table.viewport().width() + 2
    assert table.horizontalScrollBar().maximum() == 0
