"""`carecoord print discharge-packet`: the latest discharge by default, --stay for another; the version by
recipient (patient or caregiver: the patient's pages in their language; a provider: the provider copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.services import auth, disclosures, handouts, transitions
from tests.cli.helpers import run
from tests.conftest import NURSE_PASSWORD, sign_in
from tests.documents.handout_pdfs import handout_pdf
from tests.documents.samples import clinic, page_texts, pdf_text
from tests.services.test_discharge_packet import stay

__all__ = ["clinic"]


def _record_stays(clinic: Path) -> int:
    nurse = sign_in(clinic, "nina")
    try:
        older = transitions.record_stay(
            nurse,
            1,
            stay(facility_name="Older Hospital", admitted_on="2026-10-01", discharged_on="2026-10-02"),
        )
        transitions.record_stay(nurse, 1, stay())
    finally:
        auth.sign_out(nurse)
    return older.id


def _print(
    clinic: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    argv = ["print", "discharge-packet", "--patient", "F-0001", "--out", str(out), "--purpose", "treatment"]
    argv += [*extra, "--vault", str(clinic), "--user", "nina", "--password-stdin"]
    return run(monkeypatch, capsys, argv, NURSE_PASSWORD + "\n")


def test_the_patient_gets_the_latest_discharge_in_their_language(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _record_stays(clinic)
    out = tmp_path / "packet.pdf"
    code, printed, err = _print(clinic, out, monkeypatch, capsys, "--recipient", "patient", "--large-print")
    assert code == 0, err
    assert "recorded as a disclosure" in printed
    text = pdf_text(out.read_bytes())
    assert "De regreso a casa después del hospital" in text and "Mercy General Hospital" in text
    assert "Older Hospital" not in text and "Registro de transición" not in text
    nurse = sign_in(clinic, "nina")
    try:
        [entry] = disclosures.patient_disclosures(nurse, 1)
    finally:
        auth.sign_out(nurse)
    assert entry.row.document == "discharge_packet" and entry.row.large_print


def test_a_provider_gets_the_provider_copy_of_the_stay_asked_for(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    older = _record_stays(clinic)
    out = tmp_path / "provider.pdf"
    extra = ("--recipient", "provider:Dr Ana Costa", "--stay", str(older))
    code, _, err = _print(clinic, out, monkeypatch, capsys, *extra)
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert "Discharge packet: provider copy" in text and "Transition record" in text  # English by default
    assert "Older Hospital" in text and "Mercy General Hospital" not in text


def test_a_patient_without_a_stay_gets_a_plain_refusal(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "packet.pdf"
    code, _, err = _print(clinic, out, monkeypatch, capsys, "--recipient", "patient")
    assert code != 0 and "no recorded hospital stay" in err and not out.exists()


def test_with_handouts_merges_the_matching_ones(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = sign_in(clinic, "admin")
    try:
        facts = {"title": "Living well with heart failure", "condition": "heart_failure", "language": "en"}
        handouts.add_handout(admin, facts, handout_pdf("Weigh yourself every morning", pages=1))
    finally:
        auth.sign_out(admin)
    _record_stays(clinic)
    out = tmp_path / "packet.pdf"
    extra = ("--recipient", "patient", "--language", "en", "--with-handouts")
    code, printed, err = _print(clinic, out, monkeypatch, capsys, *extra)
    assert code == 0, err
    pages = page_texts(out.read_bytes())
    assert pages[-1] == "Weigh yourself every morning (handout page 1)"
    assert f"({len(pages)} pages, en)" in printed
