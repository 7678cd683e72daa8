"""Vaults and temp folders whose names hold `#`, `?` or `%` back up and verify (issue 8, finding 5)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from carecoord_desktop.services import auth, backup
from tests.conftest import make_practice


@pytest.mark.parametrize("folder", ["Clinic #2", "What?", "100% care", "a%20b#c?d"])
def test_backup_of_a_vault_in_a_folder_with_uri_characters(tmp_path: Path, folder: str) -> None:
    vault = tmp_path / folder / "elm.ccvault"
    session = make_practice(vault)
    try:
        outcome = backup.back_up_now(session, tmp_path / "backups")
        assert outcome.report.ok, outcome.report.problems
        assert backup.verify_backup_file(session, outcome.path).ok
    finally:
        auth.sign_out(session)
    # nothing opened a stray file at the part of the path before the special character
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([folder, "backups"])


def test_verify_with_a_temp_folder_whose_name_holds_a_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_practice(tmp_path / "v" / "elm.ccvault")
    try:
        made = backup.back_up_now(session, tmp_path / "backups")
        odd_tmp = tmp_path / "tmp #1"
        odd_tmp.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(odd_tmp))
        assert backup.verify_backup_file(session, made.path).ok
        assert list(odd_tmp.iterdir()) == []  # its working copy was removed
    finally:
        auth.sign_out(session)
