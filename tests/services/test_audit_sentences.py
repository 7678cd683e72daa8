"""The audit trail in sentences a privacy officer understands, filtered by patient name or MRN (audited)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.audit_sentences import sentence
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import audit_trail, patients
from carecoord_desktop.services.audit_trail import AuditFilter
from tests.conftest import sign_in


def test_entries_read_as_sentences_with_names_and_mrns(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    laura = patients.add_patient(
        nina,
        {
            "mrn": "45878618",
            "given_name": "Laura",
            "family_name": "DiMarco",
            "date_of_birth": "1941-12-24",
            "sex_at_birth": "female",
        },
    )
    patients.open_chart(nina, laura)
    nina.vault.close()

    admin = sign_in(practice, "admin")
    found = audit_trail.patient_to_filter(admin, "dimarco laura")
    assert found == laura == audit_trail.patient_to_filter(admin, "45878618")
    entries = audit_trail.search(admin, AuditFilter(patient_id=laura))
    said = [r.sentence for r in audit_trail.describe(admin, entries)]
    assert "Nina Okafor opened the chart of DiMarco, Laura (MRN 45878618)" in said
    assert "Nina Okafor added the patient DiMarco, Laura (MRN 45878618)" in said
    assert all("." not in s.split(" ")[2] for s in said)  # no action codes
    looked = audit_trail.search(admin, AuditFilter(action="audit.filter_patient", patient_id=laura))
    assert [e.username for e in looked] == ["admin", "admin"]  # looking for a patient is itself audited
    with pytest.raises(UserError, match="No patient matches"):
        audit_trail.patient_to_filter(admin, "Nobody Atall")
    admin.vault.close()


def test_a_refused_action_reads_as_tried() -> None:
    assert (
        sentence("Sam Okafor", "chart.open", "denied", patient="Ng, Ada (MRN 1)")
        == "Sam Okafor tried to open the chart of Ng, Ada (MRN 1) but was refused"
    )
    assert (
        sentence("Alex Morgan", "practice.update_settings", "ok")
        == "Alex Morgan changed the practice settings"
    )
