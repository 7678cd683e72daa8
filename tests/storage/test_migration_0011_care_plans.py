"""0011_care_plans adds care plans to a vault made at 0007: its patients get a plan from a template at once."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import auth, care_plan_templates, care_plans, due_items, patients

FIXTURE = Path(__file__).parent / "data" / "schema-0007.ccvault"


def test_a_0007_vault_upgrades_and_takes_a_care_plan(tmp_path: Path) -> None:
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(FIXTURE.with_name(FIXTURE.name + ".keys"), target.with_name(target.name + ".keys"))
    nurse = auth.sign_in(target, "nina", "tulip meadow 4821 lantern")
    try:
        nurse.clock = PracticeClock.fixed(datetime(2026, 11, 23, 10, 0))
        patient_id = patients.search_patients(nurse, "nunez jose")[0].id
        assert care_plans.for_chart(nurse, patient_id).active is None
        assert len(care_plan_templates.list_templates(nurse)) == 5
        data = care_plans.draft_from_templates(nurse, patient_id, ["hypertension"], "es")
        for item in data["interventions"]:
            item["responsible"] = {"kind": "patient"}
        record = care_plans.create_plan(nurse, patient_id, data)
        assert record.plan.title == "Plan de cuidado: Presión arterial alta"
        kinds = {i.item.kind for i in due_items.open_items(nurse, patient_id)}
        assert "care_plan.review" in kinds
    finally:
        auth.sign_out(nurse)
