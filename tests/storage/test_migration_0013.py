"""0013 adds the panel's readmission-risk columns to a vault made at 0007: a stay recorded after the upgrade
shows its band on the panel at once."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import auth, patients, transitions
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.storage import readmission_repo

FIXTURE = Path(__file__).parent / "data" / "schema-0007.ccvault"


def test_a_0007_vault_upgrades_and_its_panel_shows_readmission_risk(tmp_path: Path) -> None:
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(FIXTURE.with_name(FIXTURE.name + ".keys"), target.with_name(target.name + ".keys"))
    nurse = auth.sign_in(target, "nina", "tulip meadow 4821 lantern")
    try:
        nurse.clock = PracticeClock.fixed(datetime(2026, 11, 27, 10, 0))
        with nurse.vault.read() as conn:
            assert not readmission_repo.pending(conn)  # the fixture had no stays: nothing to fill
        patient_id = patients.search_patients(nurse, "nunez jose")[0].id
        transitions.record_stay(
            nurse,
            patient_id,
            {
                "kind": "inpatient",
                "facility_name": "Mercy General Hospital",
                "admitted_on": "2026-11-10",
                "discharged_on": "2026-11-24",  # 15 days: L 7
                "admission_type": "urgent",  # A 3
                "charlson_items": [],  # C 0
                "ed_visits_6m": 0,  # E 0: LACE 10, high
                "disposition": "home",
            },
        )
        rows = patients.panel_page(nurse, PanelQuery(PanelFilter(readmission_ranks=(3,))))
        assert [(r.mrn, r.readmission_risk) for r in rows] == [
            ("F-0001", "High: LACE 10, HOSPITAL incomplete (discharged 11/24/2026)")
        ]
    finally:
        auth.sign_out(nurse)
