"""Finding 3: copying back an earlier vault file is noticed, against this computer's keyring or a backup.

The anchor (last entry number and hash) is kept outside the vault file. Opening a vault behind it warns
the user, is audited and shows in Admin → Security; where there is no keyring, the backups' headers hold
it and the security view says so; an audited restore re-anchors the restored vault.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carecoord_desktop.services import auth, backup, security_view
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.storage import anchor
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.vault import keys_path_for
from tests.conftest import ADMIN_PASSWORD, MemoryKeyring, nurse_opens_charts, sign_in


def _keep_old_copy(practice: Path, where: Path) -> Path:
    where.mkdir()
    shutil.copy2(practice, where / practice.name)
    return where / practice.name


def _put_back(old: Path, practice: Path) -> None:
    for sidecar in (practice.with_name(practice.name + "-wal"), practice.with_name(practice.name + "-shm")):
        sidecar.unlink(missing_ok=True)
    shutil.copy2(old, practice)


def test_a_vault_copied_back_is_behind_this_computers_anchor(
    practice: Path, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    auth.sign_out(sign_in(practice, "admin"))  # the anchor is written at sign-in and sign-out
    old = _keep_old_copy(practice, tmp_path / "old")
    nurse_opens_charts(practice)
    _put_back(old, practice)
    admin = sign_in(practice, "admin")
    assert admin.warnings and "behind what was recorded outside it" in admin.warnings[0]
    assert "this computer's keyring" in admin.warnings[0]
    overview = security_view.security_overview(admin)
    auth.sign_out(admin)
    assert [e.outcome for e in overview.behind_anchor] == ["warning"]
    assert "keyring holds the vault's anchor" in overview.anchor_status
    again = sign_in(practice, "admin")  # told once; the anchor now follows the vault
    assert again.warnings == []
    auth.sign_out(again)


def test_without_a_keyring_the_newest_backup_is_the_anchor(
    practice: Path, tmp_path: Path, no_keyring: None
) -> None:
    folder = tmp_path / "backups"
    admin = sign_in(practice, "admin")
    backup.save_backup_policy(admin, {"folder": str(folder)})
    auth.sign_out(admin)
    old = _keep_old_copy(practice, tmp_path / "old")
    nurse_opens_charts(practice)
    admin = sign_in(practice, "admin")
    made = backup.back_up_now(admin)
    auth.sign_out(admin)
    _put_back(old, practice)
    admin = sign_in(practice, "admin")
    overview = security_view.security_overview(admin)
    auth.sign_out(admin)
    assert admin.warnings and f"the backup {made.path.name}" in admin.warnings[0]
    assert "kept in backups only" in overview.anchor_status
    assert overview.behind_anchor


def test_an_audited_restore_re_anchors(practice: Path, tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    folder = tmp_path / "backups"
    admin = sign_in(practice, "admin")
    made = backup.back_up_now(admin, folder)
    auth.sign_out(admin)
    nurse_opens_charts(practice)  # the live vault moves on; the keyring anchor follows it
    admin = sign_in(practice, "admin")
    restored = tmp_path / "restored" / "elm-street.ccvault"
    backup.restore_to_new_vault(admin, made.path, restored, confirm_loss=True)
    auth.sign_out(admin)
    assert KeySlotsFile.load(keys_path_for(restored)).vault_id == admin.vault.vault_id
    opened = sign_in(restored, "admin")
    assert opened.warnings == []  # the restore wrote the restored vault's anchor
    auth.sign_out(opened)


def test_every_backup_header_carries_the_anchor(practice: Path, tmp_path: Path) -> None:
    admin = sign_in(practice, "admin")
    made = backup.back_up_now(admin, tmp_path / "backups")
    with admin.vault.read() as conn:
        current = anchor.of_vault(conn)
    auth.sign_out(admin)
    found = anchor.newest_in_backups(tmp_path / "backups", admin.vault.vault_id)
    assert found is not None and found.seq >= current.seq - 1 and made.path.name in found.source


@pytest.mark.parametrize("action", ["chart.open"])
def test_opening_a_chart_does_not_touch_the_keyring(
    practice: Path, memory_keyring: MemoryKeyring, action: str
) -> None:
    nina = sign_in(practice, "nina")
    before = dict(memory_keyring.store)
    nina.audited_read(Permission.VIEW_PATIENT_DEMOGRAPHICS, action, lambda _c: None, patient_id=1)
    assert memory_keyring.store == before
    auth.sign_out(nina)


def test_the_cli_warns_about_a_rolled_back_vault(
    practice: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.cli.helpers import run

    auth.sign_out(sign_in(practice, "admin"))
    old = _keep_old_copy(practice, tmp_path / "old")
    nurse_opens_charts(practice)
    _put_back(old, practice)
    argv = ["users", "list", "--vault", str(practice), "--user", "admin", "--password-stdin"]
    code, _out, err = run(monkeypatch, capsys, argv, ADMIN_PASSWORD + "\n")
    assert code == 0 and err.startswith("carecoord: warning: This vault is behind") and err.count("\n") == 1
