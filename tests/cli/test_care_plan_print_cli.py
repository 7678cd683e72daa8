"""`carecoord print care-plan`: the patient version for the patient or a caregiver, the provider version for
anyone else; each one an audited disclosure."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.services import auth, care_plans, disclosures
from tests.cli.helpers import run
from tests.conftest import NURSE_PASSWORD, sign_in
from tests.documents.samples import clinic, pdf_text

__all__ = ["clinic"]


def _argv(clinic: Path, out: Path, recipient: str) -> list[str]:
    return [
        "print",
        "care-plan",
        "--patient",
        "F-0001",
        "--out",
        str(out),
        "--recipient",
        recipient,
        "--purpose",
        "treatment",
        *["--vault", str(clinic), "--user", "nina", "--password-stdin"],
    ]


def _write_plan(clinic: Path) -> None:
    nurse = sign_in(clinic, "nina")
    try:
        data = care_plans.draft_from_templates(nurse, 1, ["diabetes"], "es")
        for item in data["interventions"]:
            item["responsible"] = {**item["responsible"], "kind": "staff", "staff_id": nurse.user.id}
        care_plans.create_plan(nurse, 1, data)
    finally:
        auth.sign_out(nurse)


def test_a_caregiver_gets_the_patient_version_in_the_patients_language_and_a_provider_the_full_one(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_plan(clinic)
    out = tmp_path / "plan.pdf"
    code, printed, err = run(
        monkeypatch, capsys, _argv(clinic, out, "caregiver:María Núñez"), NURSE_PASSWORD + "\n"
    )
    assert code == 0, err
    assert "recorded as a disclosure" in printed and "José" not in printed
    text = pdf_text(out.read_bytes())
    assert "Su plan de cuidado" in text and "Metas" in text and "Llame al 911 si" in text
    assert "Prueba de sangre A1C" in text  # the plan's own words, written in Spanish from the template
    provider = tmp_path / "provider.pdf"
    code, _, err = run(
        monkeypatch, capsys, _argv(clinic, provider, "provider:Harbor Cardiology"), NURSE_PASSWORD + "\n"
    )
    assert code == 0, err
    text = pdf_text(provider.read_bytes())
    assert "Care plan (provider copy)" in text and "Interventions (what we will do)" in text
    assert "Nina Okafor (care coordinator)" in text and "Review schedule" in text
    nurse = sign_in(clinic, "nina")
    try:
        documents = sorted(d.row.document for d in disclosures.patient_disclosures(nurse, 1))
    finally:
        auth.sign_out(nurse)
    assert documents == ["care_plan", "care_plan_provider"]


def test_no_care_plan_is_one_plain_line(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        monkeypatch, capsys, _argv(clinic, tmp_path / "x.pdf", "patient"), NURSE_PASSWORD + "\n"
    )
    assert code != 0 and "This patient has no care plan to print yet." in err
    assert not (tmp_path / "x.pdf").exists()
