"""The panel's "Due now" filter: "Care plan review due" shows exactly the patients whose plan is due a review,
and the front desk does not get it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import care_plans, patients
from carecoord_desktop.services.patients import PanelFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.models.patient_table_model import PatientTableModel
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from tests.conftest import sign_in
from tests.ui.helpers import choose, everyone

ShowPatients = Callable[[Session], PatientsArea]


def _plan(session: Session, patient_id: int, next_review: str) -> None:
    data = care_plans.draft_from_templates(session, patient_id, ["hypertension"])
    for item in data["interventions"]:
        item["responsible"] = {"kind": "staff", "staff_id": session.user.id}
    data["next_review_on"] = next_review
    care_plans.create_plan(session, patient_id, data)


def test_care_plan_review_due_filters_the_panel(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients
) -> None:
    nina.clock = PracticeClock.fixed(datetime(2026, 11, 2, 9, 0))
    mine = [p for p in everyone(nina) if p.coordinator_name == nina.user.full_name and p.status == "active"][
        :3
    ]
    _plan(nina, mine[0].id, "12/01/2026")
    _plan(nina, mine[1].id, "12/20/2026")
    _plan(nina, mine[2].id, "06/01/2027")
    nina.clock = PracticeClock.fixed(datetime(2026, 12, 21, 9, 0))
    area = show_patients(nina)
    panel = area.panel
    choose(qtbot, panel.filters.due, "Care plan review due")
    expected = sorted(p.mrn for p in mine[:2])
    qtbot.waitUntil(
        lambda: (
            sorted(
                panel.model.data(panel.model.index(r, PatientTableModel.MRN))
                for r in range(panel.model.rowCount())
            )
            == expected
        )
    )
    assert patients.panel_count(nina, PanelFilter(due_kinds=("care_plan.review",))) == 2
    assert panel.filters.state()["due"] == ["care_plan.review"]


def test_the_front_desk_has_no_due_filter(filled: Path, show_patients: ShowPatients) -> None:
    fred = sign_in(filled, "fred")
    area = show_patients(fred)
    assert area.panel.filters.due.isHidden()
    assert area.panel.filters.panel_filter(fred.clock.today()).due_kinds == ()
    fred.vault.close()
