"""`carecoord print med-rec`: the latest signed reconciliation's provider copy, or one by number."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import NURSE_PASSWORD
from tests.documents.samples import pdf_text
from tests.referral_practice import ReferralPractice, build
from tests.services.test_med_rec_print import _signed


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def test_print_med_rec_saves_the_provider_copy(
    practice: ReferralPractice,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session_id = _signed(practice)
    out = tmp_path / "med-rec.pdf"
    argv = ["print", "med-rec", "--patient", "R-0001", "--out", str(out), "--recipient", "provider:Dr Lee"]
    argv += ["--purpose", "treatment", "--vault", str(practice.path), "--user", "nina", "--password-stdin"]
    code, printed, err = run(monkeypatch, capsys, argv, NURSE_PASSWORD + "\n")
    assert code == 0, err
    assert "recorded as a disclosure" in printed
    assert f"Medication reconciliation #{session_id}: provider copy" in " ".join(
        pdf_text(out.read_bytes()).split()
    )
    code, _, err = run(
        monkeypatch, capsys, [*argv[:-5], "--session", "99", *argv[-5:]], NURSE_PASSWORD + "\n"
    )
    assert code == 2 and "no reconciliation #99" in err.lower()
