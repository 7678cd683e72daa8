"""A restore refused for the role: refused before anything is decrypted, and audited where a vault is given
(issue 8, finding 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.services import audit_trail, auth, backup, backup_unattended
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.backup_credentials import Credential
from carecoord_desktop.storage import backup_format
from tests.conftest import NURSE_PASSWORD, sign_in


@pytest.fixture
def made(practice: Path, tmp_path: Path) -> Path:
    session = sign_in(practice, "admin")
    try:
        return backup.back_up_now(session, tmp_path / "backups").path
    finally:
        auth.sign_out(session)


@pytest.fixture
def decrypted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every backup whose database copy was decrypted (backup_format.extract), in order."""
    calls: list[Path] = []
    real = backup_format.extract

    def spy(path: Path, *args: object, **kwargs: object) -> object:
        calls.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_format, "extract", spy)
    return calls


def _refusals(vault: Path) -> list[audit_trail.AuditEntry]:
    session = sign_in(vault, "admin")
    try:
        return audit_trail.search(session, AuditFilter(username="nina", action="backup.restore"))
    finally:
        auth.sign_out(session)


def test_a_nurse_restore_without_the_vault_is_refused_before_decrypting(
    made: Path, tmp_path: Path, decrypted: list[Path]
) -> None:
    nurse = Credential(username="nina", password=NURSE_PASSWORD)
    with pytest.raises(PermissionDenied, match="not allowed"):
        backup_unattended.restore_file(made, nurse, tmp_path / "new" / "x.ccvault")
    assert decrypted == []
    assert not (tmp_path / "new").exists()


def test_a_nurse_restore_with_the_vault_given_is_audited_there(
    practice: Path, made: Path, tmp_path: Path, decrypted: list[Path]
) -> None:
    nurse = Credential(username="nina", password=NURSE_PASSWORD)
    with pytest.raises(PermissionDenied, match="not allowed"):
        backup_unattended.restore_file(made, nurse, tmp_path / "new" / "x.ccvault", current=practice)
    assert decrypted == []
    refused = _refusals(practice)
    assert refused and refused[0].outcome == "refused"


def test_a_nurse_inspecting_a_backup_is_checked_before_decrypting(made: Path, decrypted: list[Path]) -> None:
    nurse = Credential(username="nina", password=NURSE_PASSWORD)
    manifest, losses = backup_unattended.inspect_file(made, nurse)  # BACKUP: every active role may look
    assert manifest.vault_name and losses == []
    assert decrypted == []


def test_an_older_backup_without_roles_in_its_manifest_is_still_checked(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decrypted: list[Path]
) -> None:
    from carecoord_desktop.storage import backup as store

    real = store.database_facts

    def without_staff(*args: object, **kwargs: object) -> store.DatabaseFacts:
        facts = real(*args, **kwargs)  # type: ignore[arg-type]
        return store.DatabaseFacts(**{**facts.__dict__, "staff": {}})  # as backups made before this change

    monkeypatch.setattr(store, "database_facts", without_staff)
    session = sign_in(practice, "admin")
    try:
        older = backup.back_up_now(session, tmp_path / "backups").path
    finally:
        auth.sign_out(session)
    monkeypatch.setattr(store, "database_facts", real)
    decrypted.clear()
    nurse = Credential(username="nina", password=NURSE_PASSWORD)
    with pytest.raises(PermissionDenied, match="not allowed"):
        backup_unattended.restore_file(older, nurse, tmp_path / "new" / "x.ccvault")
    assert decrypted == [older]  # decrypted into a work folder to read the role, then refused
    assert list((tmp_path / "new").iterdir()) == []
