"""Batch printing of care plans for the filtered panel: a worker with progress, one disclosure per patient,
Cancel leaves nothing behind, and a second start while one runs starts nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.disclosures import Purpose, Recipient
from carecoord_desktop.services import care_plan_batch, care_plans, disclosures
from carecoord_desktop.services.patients import PanelFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.care_plans.batch_dialog import BatchPrintDialog
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from carecoord_desktop.ui.workers import Cancelled
from tests.documents.samples import page_texts
from tests.ui.helpers import everyone

ShowPatients = Callable[[Session], PatientsArea]


def _plans(session: Session, count: int) -> list[int]:
    mine = [
        p for p in everyone(session) if p.coordinator_name == session.user.full_name and p.status == "active"
    ]
    for patient in mine[:count]:
        data = care_plans.draft_from_templates(session, patient.id, ["copd"])
        for item in data["interventions"]:
            item["responsible"] = {"kind": "staff", "staff_id": session.user.id}
        care_plans.create_plan(session, patient.id, data)
    return [p.id for p in mine[:count]]


def test_the_panels_plans_print_as_one_pdf_with_a_disclosure_each(
    qtbot: QtBot, nina: Session, show_patients: ShowPatients, tmp_path: Path
) -> None:
    planned = _plans(nina, 4)
    area = show_patients(nina)
    dialog = area.panel.print_care_plans()
    assert isinstance(dialog, BatchPrintDialog)
    assert dialog.summary.text().startswith("4 patients in this list have a care plan (")
    assert sorted(dialog.patient_ids) == sorted(planned)
    out = tmp_path / "plans.pdf"
    assert dialog.save_to(out)
    assert dialog.running and not dialog.save_button.isEnabled()
    assert not dialog.save_to(tmp_path / "again.pdf")  # a second start while one runs starts nothing
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.result_ is not None and dialog.result_.patients == 4, dialog.notice.text()
    assert "Saved 4 care plans" in dialog.notice.text()
    pages = page_texts(out.read_bytes())
    assert len(pages) == dialog.result_.pages
    assert sum("Page 1 of" in text for text in pages) == 4  # each patient's plan is its own document
    for patient_id in planned:
        [entry] = disclosures.patient_disclosures(nina, patient_id)
        assert entry.row.document == "care_plan" and entry.row.recipient_kind == "patient"
    assert not (tmp_path / "again.pdf").exists()


def test_cancel_stops_between_patients_and_discloses_nothing(nina: Session, tmp_path: Path) -> None:
    planned = _plans(nina, 3)
    seen: list[str] = []

    calls: list[int] = []

    def stop_after_two() -> None:
        calls.append(1)
        if len(calls) > 2:
            raise Cancelled

    out = tmp_path / "plans.pdf"
    with pytest.raises(Cancelled):
        care_plan_batch.save_batch(
            nina,
            planned,
            out,
            Recipient.parse("patient"),
            Purpose.parse("treatment"),
            report=lambda stage, _f: seen.append(stage),
            check=stop_after_two,
        )
    assert seen == ["Preparing care plan 1 of 3", "Preparing care plan 2 of 3"]
    assert not out.exists()
    assert all(disclosures.patient_disclosures(nina, p) == [] for p in planned)


def test_a_batch_to_an_outside_provider_is_the_provider_copy(nina: Session, tmp_path: Path) -> None:
    planned = _plans(nina, 2)
    out = tmp_path / "plans.pdf"
    result = care_plan_batch.save_batch(
        nina, planned, out, Recipient.parse("provider:Harbor Cardiology"), Purpose.parse("care-coordination")
    )
    assert result.patients == 2
    assert all(
        "Care plan (provider copy)" in text for text in page_texts(out.read_bytes()) if "Page 1 of" in text
    )
    selection = care_plan_batch.select_patients(
        nina, PanelFilter(coordinator_id=nina.user.id, statuses=("active",))
    )
    assert sorted(selection.patient_ids) == sorted(planned) and selection.without_plan > 0
