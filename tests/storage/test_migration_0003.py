"""Migration 0003 moves allergies out of the record JSON into their own table, keeping every one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from carecoord_desktop.domain.allergies import AllergyStatus
from carecoord_desktop.services import allergies, auth, patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.storage.db import connect_raw
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import head_revision, keys_path_for

FIXTURE = Path(__file__).parent / "data" / "schema-0002.ccvault"
ADMIN_PASSWORD = "correct horse battery staple"
NURSE_PASSWORD = "tulip meadow 4821 lantern"
ALLERGIES = [
    {"substance": "Penicillin", "category": "medication", "reactions": ["Hives"], "severity": "severe"},
    {"substance": "Peanuts", "category": "food", "reactions": [], "severity": None},
]


def _raw(path: Path) -> object:
    dek = KeySlotsFile.load(keys_path_for(path)).unwrap_any("user", "admin", ADMIN_PASSWORD.encode())
    return connect_raw(path, dek)


def _schema_0002_vault_with_allergies(tmp_path: Path) -> Path:
    """The shipped 0002 fixture, with allergies and a CCM enrolment written into F-0001's record the way
    schema 0002 kept them (inside the record JSON), before the app ever opens it."""
    target = tmp_path / FIXTURE.name
    shutil.copy2(FIXTURE, target)
    shutil.copy2(keys_path_for(FIXTURE), keys_path_for(target))
    conn = _raw(target)
    (raw,) = conn.execute("SELECT record FROM patient_records WHERE patient_id = 1").fetchone()  # type: ignore[attr-defined]
    record = json.loads(raw)
    record["clinical"]["allergies"] = ALLERGIES
    record["programs"] = [
        {"program": "ccm", "started_on": "2026-10-01", "consent_date": "2026-09-30", "ended_on": None}
    ]
    conn.execute("UPDATE patient_records SET record = ? WHERE patient_id = 1", (json.dumps(record),))  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]
    return target


def test_allergies_survive_the_move_to_their_own_table(tmp_path: Path) -> None:
    vault = _schema_0002_vault_with_allergies(tmp_path)
    nurse = auth.sign_in(vault, "nina", NURSE_PASSWORD)
    try:
        assert nurse.vault.schema_revision() == head_revision()
        chart = patients.open_chart(nurse, 1)
        shown = [
            (a.substance, a.severity.value if a.severity else None) for a in chart.patient.clinical.allergies
        ]
        assert shown == [("Penicillin", "severe"), ("Peanuts", None)]
        stored = allergies.list_allergies(nurse, 1)
        assert [r.status for r in stored] == [AllergyStatus.ACTIVE, AllergyStatus.ACTIVE]
        assert stored[0].allergy.reactions == ("Hives",)
        # The programs column is computed from the enrolment dates, against the practice's today.
        row = patients.panel_page(nurse, PanelQuery(PanelFilter(program="ccm")), limit=5)
        assert [r.mrn for r in row] == ["F-0001"] and row[0].programs == "CCM"
        # A later edit keeps the allergies; the history does not show them as removed from the record.
        patients.update_patient(nurse, 1, {"pronouns": "he/him"})
        assert len(patients.open_chart(nurse, 1).patient.clinical.allergies) == 2
        newest = patients.history(nurse, 1)[0]
        assert [c.path for c in newest.changes] == ["pronouns"]
    finally:
        auth.sign_out(nurse)
    conn = _raw(vault)
    (raw,) = conn.execute("SELECT record FROM patient_records WHERE patient_id = 1").fetchone()  # type: ignore[attr-defined]
    record = json.loads(raw)
    assert record["schema_version"] == 2 and "allergies" not in record["clinical"]
    (backfilled,) = conn.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM record_history WHERE table_name = 'patients' AND patient_id = record_id"
    ).fetchone()
    assert backfilled == 1  # the pronouns edit's version of the patient row is on the patient's timeline
    conn.close()  # type: ignore[attr-defined]
