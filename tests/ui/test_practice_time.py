"""One practice clock on screen: dates and times show in the practice's time zone, whatever the
workstation's, and in one format."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import audit_trail, auth, patients
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.models.audit_log_model import AuditLogModel
from tests.conftest import sign_in
from tests.ui.helpers import everyone

PRACTICE_ZONE = ZoneInfo("America/New_York")  # the test practice's time zone


@pytest.fixture
def workstation_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This computer's clock set to UTC: 4 or 5 hours from the practice."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _practice_time(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(PRACTICE_ZONE).strftime("%m/%d/%Y %I:%M %p")


def _workstation_time(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone().strftime("%m/%d/%Y %I:%M %p")


def test_chart_footer_and_audit_trail_show_the_same_practice_time(
    qtbot: QtBot, workstation_in_utc: None, nina: Session
) -> None:
    patient = everyone(nina)[0]
    chart = patients.update_patient(nina, patient.id, {"pronouns": "she/her"})
    assert _practice_time(chart.updated_at) != _workstation_time(chart.updated_at)
    view = ChartView(nina, chart, patients.staff_choices(nina))
    qtbot.addWidget(view)
    footer = view.updated.text()
    assert footer == f"Last changed {_practice_time(chart.updated_at)} by {chart.updated_by}"
    history = view.sections["history"]
    view.tabs.setCurrentWidget(history)
    assert history.table.item(0, 0).text() == _practice_time(chart.updated_at)  # newest first
    path = nina.vault.path
    auth.sign_out(nina)

    admin = sign_in(path, "admin")
    flt = AuditFilter(patient_id=patient.id)
    model = AuditLogModel(admin.clock)
    model.reset(
        lambda offset, limit: audit_trail.search(admin, flt, limit=limit, offset=offset),
        audit_trail.count(admin, flt),
    )
    row = next(r for r in range(model.rowCount()) if model.entry(r).action == "patient.edit")
    shown = model.data(model.index(row, AuditLogModel.AT), Qt.ItemDataRole.DisplayRole)
    # The same event, the same clock: date, hour and minute match the chart footer (the audit adds seconds).
    day, clock_time, half = shown.split()
    assert f"{day} {clock_time[:5]} {half}" in footer
    auth.sign_out(admin)
