"""Finding 4: disabling an account or resetting a password revokes at the key level once the key is rotated.

A nurse who copied the keys file while active still unwrapped the database key after being disabled, and
opened the live vault and a later backup. After rotation, a pre-rotation slot opens neither.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carecoord_desktop.domain.backup_policy import BackupDamaged
from carecoord_desktop.domain.errors import SignInFailed, UserError, VaultDamaged
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, key_rotation, staff, stay_signed_in
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage import backup_format
from carecoord_desktop.storage import key_rotation as pending_keys
from carecoord_desktop.storage.keys import KeySlotsFile, normalize_recovery_key
from carecoord_desktop.storage.vault import key_opens, keys_path_for
from tests.cli.helpers import run
from tests.conftest import (
    ADMIN_PASSWORD,
    FRONT_PASSWORD,
    NURSE_PASSWORD,
    MemoryKeyring,
    make_practice,
    sign_in,
)


def _copy_keys(practice: Path, where: Path) -> KeySlotsFile:
    shutil.copy2(keys_path_for(practice), where)
    return KeySlotsFile.load(where)


def _backup(practice: Path, folder: Path) -> Path:
    admin = sign_in(practice, "admin")
    try:
        return store.create_backup(
            practice, admin.vault.dek, folder, created_by="admin", workstation="test", reason="test"
        ).path
    finally:
        auth.sign_out(admin)


def test_a_disabled_nurses_old_slot_opens_nothing_made_after_rotation(practice: Path, tmp_path: Path) -> None:
    copied = _copy_keys(practice, tmp_path / "nina-took-this.keys")  # while nina was active
    admin = sign_in(practice, "admin")
    staff.disable_staff(admin, "nina")
    auth.sign_out(admin)
    old_dek = copied.unwrap_any("user", "nina", NURSE_PASSWORD.encode())
    assert key_opens(practice, old_dek)  # disabling alone revokes nothing at the key level

    admin = sign_in(practice, "admin")
    outcome = key_rotation.rotate_database_key(admin)
    auth.sign_out(admin)
    assert not key_opens(practice, old_dek)
    lines = " ".join(outcome.lines())
    assert "admin's password" in lines and "fred's password" in lines and "the recovery key" in lines
    assert "nina" not in " ".join(outcome.kept) and "Not revoked: backups made before now" in lines

    later = _backup(practice, tmp_path / "backups")
    with pytest.raises(SignInFailed):  # the backup's own key slots hold nothing for nina
        backup_format.extract(
            later, lambda keys: keys.unwrap_any("user", "nina", NURSE_PASSWORD.encode()), None
        )
    with pytest.raises(BackupDamaged):  # nor does the key from her old copy decrypt it
        backup_format.extract(later, lambda _keys: old_dek, None)
    for user in ("admin", "fred", "priya"):  # everyone active still signs in, without any password typed
        auth.sign_out(sign_in(practice, user))


def test_an_old_keys_file_put_back_after_a_password_change_stops_working_after_rotation(
    practice: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before.keys"
    shutil.copy2(keys_path_for(practice), before)
    fred = sign_in(practice, "fred")
    auth.change_password(fred, FRONT_PASSWORD, "granite harbor 2290 violet", "granite harbor 2290 violet")
    auth.sign_out(fred)
    admin = sign_in(practice, "admin")
    key_rotation.rotate_database_key(admin)
    auth.sign_out(admin)
    shutil.copy2(before, keys_path_for(practice))  # the old file, restored by hand
    with pytest.raises(VaultDamaged, match="could not be opened with its key"):
        auth.sign_in(practice, "fred", FRONT_PASSWORD)


def test_recovery_keyring_and_backup_slots_receive_the_new_key(
    vault_path: Path, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from carecoord_desktop.services import backup_credentials, backup_unattended, practice

    session, recovery = auth.create_practice(
        auth.NewPractice(
            vault_path, PracticeSettings(practice_name="Elm"), "admin", "Ada Admin", ADMIN_PASSWORD
        )
    )
    practice.update_settings(session, allow_stay_signed_in=True)
    stay_signed_in.remember_this_computer(session)
    key_file = tmp_path / "backup.key"
    backup_unattended.setup_unattended(session, key_file)
    key_rotation.rotate_database_key(session)
    dek = session.vault.dek
    auth.sign_out(session)
    keys = KeySlotsFile.load(keys_path_for(vault_path))
    assert keys.unwrap_any("recovery", "recovery", normalize_recovery_key(recovery)) == dek
    assert (
        keys.unwrap_any(
            "backup", backup_credentials.SLOT_KEY_FILE, backup_credentials.read_key_file(key_file)
        )
        == dek
    )
    auth.sign_out(auth.sign_in_with_keyring(vault_path, "admin"))


def test_rotation_killed_between_rekey_and_keys_file_is_settled_at_next_sign_in(
    practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = sign_in(practice, "admin")

    def killed(_path: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pending_keys, "commit_pending", killed)
    with pytest.raises(KeyboardInterrupt):
        key_rotation.rotate_database_key(admin)
    admin.vault.close()
    monkeypatch.undo()
    assert pending_keys.pending_path(practice).exists()
    nina = sign_in(practice, "nina")  # the database is on the new key; the pending keys file is put in place
    auth.sign_out(nina)
    assert not pending_keys.pending_path(practice).exists()
    auth.sign_out(sign_in(practice, "admin"))


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("t", 0, "time cost of 0"),
        ("p", 0, "parallelism of 0"),
        ("m", 2**40, "memory"),
        ("t", 10**9, "time cost"),
    ],
)
def test_key_derivation_settings_outside_bounds_are_refused_plainly(
    practice: Path, field: str, value: int, words: str
) -> None:
    keys = KeySlotsFile.load(keys_path_for(practice))
    for slot in keys.find("user", "fred"):
        slot.kdf[field] = value
    keys.save()
    with pytest.raises(VaultDamaged, match=words):
        auth.sign_in(practice, "fred", FRONT_PASSWORD)


def test_key_derivation_settings_are_authenticated(practice: Path) -> None:
    keys = KeySlotsFile.load(keys_path_for(practice))
    for slot in keys.find("user", "fred"):
        slot.kdf["t"] = slot.kdf["t"] + 1  # in bounds, but not what the slot was made with
    keys.save()
    with pytest.raises(SignInFailed):
        auth.sign_in(practice, "fred", FRONT_PASSWORD)


def test_a_slot_planted_in_the_keys_file_gets_no_new_key(practice: Path) -> None:
    keys = KeySlotsFile.load(keys_path_for(practice))
    stranger = KeySlotsFile(path=keys.path, vault_id=keys.vault_id)
    planted = stranger.add_slot("backup", "keyring", b"a secret of my own", b"\0" * 32)  # not the vault's key
    keys.slots.append(planted)
    keys.save()
    admin = sign_in(practice, "admin")
    outcome = key_rotation.rotate_database_key(admin)
    auth.sign_out(admin)
    assert any("altered" in d for d in outcome.dropped)
    assert not KeySlotsFile.load(keys_path_for(practice)).find("backup", "keyring")


def test_cli_rotate_key(
    practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["vault", "rotate-key", "--vault", str(practice), "--user", "admin", "--password-stdin"]
    other = sign_in(practice, "nina")  # the vault is open elsewhere: one line, exit 2
    code, out, err = run(monkeypatch, capsys, argv, ADMIN_PASSWORD + "\n")
    auth.sign_out(other)
    assert code == 2 and out == "" and err.count("\n") == 1
    code, out, err = run(monkeypatch, capsys, argv, ADMIN_PASSWORD + "\n")
    assert code == 0, err
    assert "new database key" in out and "Revoked:" in out and "Not revoked:" in out
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["users", "disable", "fred", "--vault", str(practice), "--user", "admin", "--password-stdin"],
        ADMIN_PASSWORD + "\n",
    )
    assert (
        code == 0 and "still opens the vault with the old password until the database key is rotated" in out
    )


def test_a_new_admin_slot_gets_the_verifying_seed_and_a_demoted_one_loses_it(vault_path: Path) -> None:
    admin = make_practice(vault_path)
    staff.change_role(admin, "priya", Role.ADMIN)
    holders = {s.label for s in KeySlotsFile.load(keys_path_for(vault_path)).slots if s.audit_box}
    assert holders == {"admin", "priya", "recovery"}
    staff.change_role(admin, "priya", Role.PROVIDER)
    holders = {s.label for s in KeySlotsFile.load(keys_path_for(vault_path)).slots if s.audit_box}
    assert holders == {"admin", "recovery"}
    auth.sign_out(admin)


def test_a_sign_in_elsewhere_never_disturbs_a_rotation_in_progress(practice: Path) -> None:
    from carecoord_desktop.domain.errors import VaultInUse

    admin = sign_in(practice, "admin")  # holds the vault, as a running rotation does
    pending_keys.write_pending(practice, admin.vault.keys)  # its new keys file, written before the rekey
    with pytest.raises(VaultInUse):
        sign_in(practice, "nina")
    assert pending_keys.pending_path(practice).exists()
    auth.sign_out(admin)


def test_no_rotation_while_a_backup_is_being_made(practice: Path) -> None:
    from carecoord_desktop.services.backup import one_backup_at_a_time

    admin = sign_in(practice, "admin")
    dek = admin.vault.dek
    with (
        one_backup_at_a_time(admin.vault.vault_id),
        pytest.raises(UserError, match="backup is already running"),
    ):
        key_rotation.rotate_database_key(admin)
    assert admin.vault.dek == dek and key_opens(practice, dek)
    auth.sign_out(admin)
