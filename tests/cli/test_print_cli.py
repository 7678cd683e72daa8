"""`carecoord print summary` and `carecoord patients search`, run as a script would run them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from carecoord_desktop.services import auth, disclosures
from tests.cli.helpers import run
from tests.conftest import FRONT_PASSWORD, NURSE_PASSWORD, sign_in
from tests.documents.samples import clinic, pdf_text

__all__ = ["clinic"]


def _as(user: str, clinic: Path) -> list[str]:
    return ["--vault", str(clinic), "--user", user, "--password-stdin"]


def test_print_summary_saves_the_pdf_and_records_the_disclosure(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.pdf"
    argv = [
        "print",
        "summary",
        "--patient",
        "f-0001",
        "--out",
        str(out),
        "--recipient",
        "caregiver:María Núñez",
    ]
    argv += ["--purpose", "patient-request", "--large-print", "--language", "en", *_as("nina", clinic)]
    code, printed, err = run(monkeypatch, capsys, argv, NURSE_PASSWORD + "\n")
    assert code == 0, err
    assert "recorded as a disclosure" in printed and "José" not in printed
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(out.read_bytes())
    assert "Patient summary" in text and "Penicillin" in text
    nurse = sign_in(clinic, "nina")
    try:
        [entry] = disclosures.patient_disclosures(nurse, 1)
    finally:
        auth.sign_out(nurse)
    assert (entry.row.recipient_kind, entry.row.recipient_name) == ("caregiver", "María Núñez")
    assert entry.row.purpose == "patient-request" and entry.row.large_print and entry.row.sha256 in printed


def test_print_defaults_to_the_patients_language(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "resumen.pdf"
    argv = ["print", "summary", "--patient", "F-0001", "--out", str(out), "--recipient", "patient"]
    code, _, err = run(
        monkeypatch, capsys, [*argv, "--purpose", "treatment", *_as("fred", clinic)], FRONT_PASSWORD + "\n"
    )
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert "Resumen del paciente" in text and "Penicillin" not in text  # front desk: no clinical content


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--recipient", "provider:", "--purpose", "treatment"], "Enter the recipient's name"),
        (["--recipient", "nobody", "--purpose", "treatment"], "The recipient must be patient"),
        (["--recipient", "patient", "--purpose", "other"], "Say what the document is for"),
        (["--recipient", "patient", "--purpose", "treatment", "--language", "vi"], "invalid choice: 'vi'"),
    ],
)
def test_bad_recipient_purpose_or_language_is_a_usage_error(
    clinic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    argv = [
        "print",
        "summary",
        "--patient",
        "F-0001",
        "--out",
        str(tmp_path / "x.pdf"),
        *extra,
        *_as("nina", clinic),
    ]
    code, _, err = run(monkeypatch, capsys, argv, NURSE_PASSWORD + "\n")
    assert code == 2 and message in err
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_mrn_is_one_plain_line(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "print",
        "summary",
        "--patient",
        "ZZ-9999",
        "--out",
        str(tmp_path / "x.pdf"),
        "--recipient",
        "patient",
    ]
    code, _, err = run(
        monkeypatch, capsys, [*argv, "--purpose", "treatment", *_as("nina", clinic)], NURSE_PASSWORD + "\n"
    )
    assert (code, err.strip()) == (2, "carecoord: No patient has that MRN.")


def test_print_accounting_for_a_period(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "accounting.pdf"
    argv = ["print", "accounting", "--patient", "F-0001", "--out", str(out), "--recipient", "patient"]
    argv += ["--purpose", "patient-request", "--since", "2026-01-01", "--until", "2026-12-31", "--show-all"]
    code, _, err = run(
        monkeypatch, capsys, [*argv, "--language", "en", *_as("nina", clinic)], NURSE_PASSWORD + "\n"
    )
    assert code == 0, err
    assert "Disclosures from 01/01/2026 to 12/31/2026" in pdf_text(out.read_bytes())


def test_patients_search_prints_json(
    clinic: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        monkeypatch, capsys, ["patients", "search", "nunez", *_as("fred", clinic)], FRONT_PASSWORD + "\n"
    )
    assert code == 0, err
    assert json.loads(out) == [
        {"mrn": "F-0001", "name": "Núñez, José (Pepe)", "date_of_birth": "1952-03-14", "deceased": False}
    ]
