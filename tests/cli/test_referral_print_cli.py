"""`carecoord print referral --referral ID`: the packet or the fax cover, disclosed to the directory entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.services import disclosures
from tests.cli.helpers import run
from tests.conftest import FRONT_PASSWORD, NURSE_PASSWORD
from tests.documents.samples import page_texts
from tests.referral_practice import acting, build, new_referral


def _argv(vault: Path, user: str, rid: int, out: Path, *extra: str) -> list[str]:
    signed = ["--vault", str(vault), "--user", user, "--password-stdin"]
    return ["print", "referral", "--referral", str(rid), "--out", str(out), *extra, *signed]


def test_print_referral_saves_the_packet_as_a_disclosure_to_the_directory_entry(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = build(vault_path)
    with acting(vault_path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    out = tmp_path / "packet.pdf"
    code, printed, err = run(monkeypatch, capsys, _argv(vault_path, "nina", rid, out), NURSE_PASSWORD + "\n")
    assert code == 0, err
    pages = page_texts(out.read_bytes())
    assert f"Pages (including this cover) {len(pages)}" in pages[0]
    assert "Is the new AF rate-controlled on metoprolol?" in " ".join(pages[1:])
    with acting(vault_path, "nina") as nurse:
        [entry] = disclosures.patient_disclosures(nurse, practice.patient_ids[0])
    assert (entry.row.recipient_kind, entry.row.recipient_name, entry.row.purpose) == (
        "provider",
        "Harbor Cardiology",
        "treatment",
    )
    assert entry.row.sha256 in printed


def test_front_desk_gets_the_fax_cover_only(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    practice = build(vault_path)
    with acting(vault_path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    out = tmp_path / "packet.pdf"
    code, _, err = run(monkeypatch, capsys, _argv(vault_path, "fred", rid, out), FRONT_PASSWORD + "\n")
    assert code != 0 and not out.exists()
    assert "not allowed to view clinical information" in err, err
    argv = _argv(vault_path, "fred", rid, out, "--fax-cover-only")
    code, _, err = run(monkeypatch, capsys, argv, FRONT_PASSWORD + "\n")
    assert code == 0, err
    [cover] = page_texts(out.read_bytes())
    assert "Fax cover sheet" in cover and "Palpitations" not in cover
