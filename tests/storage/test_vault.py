"""The vault on real files: keys, slots, tampering, locking, plaintext."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import SignInFailed, VaultDamaged, VaultInUse, VaultNotFound
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, drafts, staff
from carecoord_desktop.storage.keys import STRONG_KDF, KeySlotsFile, default_kdf
from carecoord_desktop.storage.vault import keys_path_for, sidecar_paths
from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD, sign_in

DISTINCTIVE = "Zyxwvutsrq Quokkaberry-7731"


def test_product_kdf_default_is_strong_and_only_the_fixture_cheapens_it() -> None:
    assert STRONG_KDF.memory_kib >= 64 * 1024 and STRONG_KDF.time_cost >= 2
    assert default_kdf() != STRONG_KDF  # the autouse fixture swapped it for this test run


def test_no_plaintext_in_vault_wal_shm_keys_or_logs(vault_path: Path, tmp_path: Path) -> None:
    session, _ = auth.create_practice(
        auth.NewPractice(
            vault_path, PracticeSettings(practice_name="Elm"), "admin", "Ada Admin", ADMIN_PASSWORD
        )
    )
    staff.add_staff(session, "quokka", DISTINCTIVE, Role.NURSE_COORDINATOR, NURSE_PASSWORD, NURSE_PASSWORD)
    drafts.save_draft(session, "note", {"text": DISTINCTIVE * 50})
    wal = vault_path.with_name(vault_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the test must see a WAL with content"
    files = [p for p in sidecar_paths(vault_path) if p.exists()]
    scanned = {p.name for p in files}
    assert {vault_path.name, wal.name, keys_path_for(vault_path).name} <= scanned
    needles = [DISTINCTIVE.encode(), DISTINCTIVE.encode("utf-16-le"), b"Quokkaberry"]
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"plaintext found in {path.name}"
    session.vault.close()
    for path in [p for p in sidecar_paths(vault_path) if p.exists()]:
        assert b"Quokkaberry" not in path.read_bytes()


def test_wrong_password_fails_cleanly(practice: Path) -> None:
    with pytest.raises(SignInFailed, match="Wrong username or password"):
        auth.sign_in(practice, "admin", "not the password at all")
    with pytest.raises(SignInFailed, match="Wrong username or password"):
        auth.sign_in(practice, "nobody", ADMIN_PASSWORD)
    session = sign_in(practice, "admin")  # nothing was damaged
    session.vault.close()


def test_tampered_slot_fails_cleanly(practice: Path) -> None:
    keys_file = keys_path_for(practice)
    raw = json.loads(keys_file.read_text())
    slot = next(s for s in raw["slots"] if s["label"] == "admin")
    wrapped = bytearray(slot["wrapped"].encode())
    wrapped[5] = ord("A") if wrapped[5] != ord("A") else ord("B")
    slot["wrapped"] = wrapped.decode()
    keys_file.write_text(json.dumps(raw))
    with pytest.raises(SignInFailed):
        auth.sign_in(practice, "admin", ADMIN_PASSWORD)
    session = sign_in(practice, "nina")  # other slots still open it
    session.vault.close()


def test_garbled_or_missing_keys_file_is_a_clear_error(practice: Path) -> None:
    keys_file = keys_path_for(practice)
    keys_file.write_text("{not json")
    with pytest.raises(VaultDamaged, match="damaged"):
        auth.sign_in(practice, "admin", ADMIN_PASSWORD)
    keys_file.unlink()
    with pytest.raises(VaultDamaged, match="missing"):
        auth.sign_in(practice, "admin", ADMIN_PASSWORD)


def test_slot_moved_to_another_label_does_not_open(practice: Path) -> None:
    keys_file = keys_path_for(practice)
    raw = json.loads(keys_file.read_text())
    for s in raw["slots"]:
        if s["label"] == "nina":
            s["label"] = "admin2"
    keys_file.write_text(json.dumps(raw))
    with pytest.raises(SignInFailed):
        auth.sign_in(practice, "admin2", NURSE_PASSWORD)


def test_two_users_slots_open_the_same_vault(practice: Path) -> None:
    first = sign_in(practice, "admin")
    first_dek, first_id = first.vault.dek, first.vault.vault_id
    auth.sign_out(first)
    second = sign_in(practice, "nina")
    assert second.vault.dek == first_dek and second.vault.vault_id == first_id
    auth.sign_out(second)
    slots = KeySlotsFile.load(keys_path_for(practice)).slots
    assert len({s.wrapped for s in slots}) == len(slots)  # each slot wraps the key differently


def test_second_instance_gets_a_clear_message(practice: Path) -> None:
    session = sign_in(practice, "admin")
    with pytest.raises(VaultInUse, match=r"already open: admin on .* since"):
        sign_in(practice, "nina")
    auth.sign_out(session)
    sign_in(practice, "nina").vault.close()


def test_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        auth.sign_in(tmp_path / "nothing.ccvault", "admin", ADMIN_PASSWORD)


def test_database_file_swapped_for_another_vaults_is_refused(practice: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "other.ccvault"
    session, _ = auth.create_practice(
        auth.NewPractice(other, practice_settings(), "admin", "Ada Admin", ADMIN_PASSWORD)
    )
    session.vault.close()
    practice.write_bytes(other.read_bytes())
    with pytest.raises(VaultDamaged):
        auth.sign_in(practice, "admin", ADMIN_PASSWORD)


def practice_settings() -> PracticeSettings:
    return PracticeSettings(practice_name="Other")


def test_files_are_private_to_their_owner(practice: Path) -> None:
    assert practice.stat().st_mode & 0o077 == 0
    assert keys_path_for(practice).stat().st_mode & 0o077 == 0


def test_create_refuses_to_overwrite(practice: Path) -> None:
    from carecoord_desktop.domain.errors import StorageUnavailable

    with pytest.raises(StorageUnavailable, match="already exists"):
        auth.create_practice(
            auth.NewPractice(practice, practice_settings(), "admin", "Ada Admin", ADMIN_PASSWORD)
        )
    sign_in(practice, "admin").vault.close()
