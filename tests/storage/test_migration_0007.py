"""0007 adds the transition stays to a vault made at 0006: its patients can have stays recorded at once."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import auth, due_items, patients, transitions

FIXTURE = Path(__file__).parent / "data" / "schema-0006.ccvault"


def test_a_0006_vault_upgrades_and_takes_a_stay(tmp_path: Path) -> None:
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(FIXTURE.with_name(FIXTURE.name + ".keys"), target.with_name(target.name + ".keys"))
    nurse = auth.sign_in(target, "nina", "tulip meadow 4821 lantern")
    try:
        nurse.clock = PracticeClock.fixed(datetime(2026, 11, 23, 10, 0))
        patient_id = patients.search_patients(nurse, "nunez jose")[0].id
        assert transitions.list_stays(nurse, patient_id) == []
        record = transitions.record_stay(
            nurse,
            patient_id,
            {
                "kind": "observation",
                "facility_name": "Mercy General Hospital",
                "admitted_on": "2026-11-19",
                "discharged_on": "2026-11-20",
                "disposition": "home_health",
            },
        )
        transitions.mark_done(nurse, patient_id, record.id, ClockKind.CONTACT)
        open_kinds = {i.item.kind for i in due_items.open_items(nurse, patient_id)}
        assert {"tcm.visit", "tcm.med_rec"} <= open_kinds and "tcm.contact" not in open_kinds
    finally:
        auth.sign_out(nurse)
