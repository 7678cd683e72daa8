"""0008_medications adds the medication tables to a vault made at 0007: its patients take a list at once."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import auth, medications, patients

FIXTURE = Path(__file__).parent / "data" / "schema-0007.ccvault"


def test_a_0007_vault_upgrades_and_takes_a_medication_list(tmp_path: Path) -> None:
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(FIXTURE.with_name(FIXTURE.name + ".keys"), target.with_name(target.name + ".keys"))
    nurse = auth.sign_in(target, "nina", "tulip meadow 4821 lantern")
    try:
        nurse.clock = PracticeClock.fixed(datetime(2026, 11, 23, 10, 0))
        patient_id = patients.search_patients(nurse, "nunez jose")[0].id
        assert medications.current_list(nurse, patient_id) == []
        entry = medications.add_medication(
            nurse, patient_id, {"display": "Warfarin 5 mg tablet", "ingredients": ["warfarin"]}
        )
        medications.stop_medication(nurse, patient_id, entry.id, reason="bleeding")
        [kept] = medications.medication_history(nurse, patient_id)
        assert [v.medication.status.value for v in kept.versions] == ["active"]
    finally:
        auth.sign_out(nurse)
