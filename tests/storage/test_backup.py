"""The .ccbackup container on real SQLCipher vaults: round trip, tampering, truncation, wrong keys, no plaintext."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from carecoord_desktop.domain.backup_policy import BackupDamaged, BackupKeyRefused
from carecoord_desktop.domain.errors import SignInFailed, StorageUnavailable
from carecoord_desktop.services import drafts
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage import backup_format as fmt
from carecoord_desktop.storage.keys import KeySlotsFile
from tests.conftest import ADMIN_PASSWORD

SECRET = "Zebulon Quixotefield-Marchbanks"


def dek_of(session: Session) -> fmt.Unlocker:
    return lambda _keys: session.vault.dek


def password(username: str, pw: str) -> fmt.Unlocker:
    return lambda keys: keys.unwrap_any("user", username, pw.encode())


@pytest.fixture
def made(admin_session: Session, tmp_path: Path) -> store.BackupResult:
    drafts.save_draft(admin_session, "patient.new", {"name": SECRET})
    return store.create_backup(
        admin_session.vault.path,
        admin_session.vault.dek,
        tmp_path / "backups",
        created_by="admin",
        workstation="ws1",
        reason="manual",
    )


def test_backup_is_verified_and_describes_itself(made: store.BackupResult, admin_session: Session) -> None:
    assert made.report.ok, made.report.problems
    m = made.manifest
    assert m.vault_id == admin_session.vault.vault_id
    assert m.created_by == "admin" and m.reason == "manual"
    assert m.row_counts["drafts"] == 1 and m.row_counts["staff"] == 1
    assert m.audit_seq >= 2 and m.audit_ok
    assert len(m.db_sha256) == 64 and m.schema_revision
    assert made.path.suffix == ".ccbackup" and made.path.name.startswith("elm-street-")
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]  # no work files left


def test_no_plaintext_in_the_backup(made: store.BackupResult) -> None:
    data = made.path.read_bytes()
    assert SECRET.encode() not in data
    assert SECRET.encode("utf-16-le") not in data
    assert b"SQLite format 3" not in data
    assert b"Elm Street" not in data


def test_restore_round_trip_with_a_staff_password(made: store.BackupResult, tmp_path: Path) -> None:
    target = tmp_path / "restored" / "again.ccvault"
    result = store.restore_backup(made.path, password("admin", ADMIN_PASSWORD), target)
    assert result.report.ok
    assert target.exists() and (target.parent / "again.ccvault.keys").exists()
    assert sorted(p.name for p in target.parent.iterdir()) == ["again.ccvault", "again.ccvault.keys"]
    from carecoord_desktop.services import auth

    session = auth.sign_in(target, "admin", ADMIN_PASSWORD)
    try:
        assert drafts.my_drafts(session) == {"patient.new": {"name": SECRET}}
    finally:
        auth.sign_out(session)


def test_restore_with_the_recovery_key(tmp_path: Path, vault_path: Path) -> None:
    from carecoord_desktop.domain.practice import PracticeSettings
    from carecoord_desktop.services import auth
    from carecoord_desktop.storage.keys import normalize_recovery_key

    session, recovery = auth.create_practice(
        auth.NewPractice(
            tmp_path / "rk" / "rk.ccvault", PracticeSettings(practice_name="R"), "boss", "B B", ADMIN_PASSWORD
        )
    )
    try:
        made = store.create_backup(
            session.vault.path,
            session.vault.dek,
            tmp_path / "b",
            created_by="boss",
            workstation="",
            reason="t",
        )
    finally:
        auth.sign_out(session)

    def unlock(keys: KeySlotsFile) -> bytes:
        return keys.unwrap_any("recovery", "recovery", normalize_recovery_key(recovery))

    assert store.verify_backup(made.path, unlock).ok


def test_wrong_password_is_refused_plainly(made: store.BackupResult) -> None:
    with pytest.raises(BackupKeyRefused, match="does not open the backup"):
        store.verify_backup(made.path, password("admin", "not the password"))
    with pytest.raises(SignInFailed):
        fmt.read_manifest(made.path, password("nobody", "x"))


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def _header_end(path: Path) -> int:
    _magic, _fmt, length = struct.unpack(">8sHI", path.read_bytes()[:14])
    return 14 + length


@pytest.mark.parametrize("where", ["magic", "header", "first_chunk", "middle", "manifest_tail"])
def test_any_altered_byte_is_detected(
    made: store.BackupResult, admin_session: Session, tmp_path: Path, where: str
) -> None:
    size = made.path.stat().st_size
    offsets = {
        "magic": 0,
        "header": _header_end(made.path) - 20,
        "first_chunk": _header_end(made.path) + 40,
        "middle": size // 2,
        "manifest_tail": size - 3,
    }
    _flip(made.path, offsets[where])
    with pytest.raises((BackupDamaged, BackupKeyRefused)) as caught:
        store.verify_backup(made.path, dek_of(admin_session))
    assert made.path.name in caught.value.message or "not a CareCoord backup" in caught.value.message
    target = tmp_path / "r" / "x.ccvault"
    with pytest.raises((BackupDamaged, BackupKeyRefused)):
        store.restore_backup(made.path, dek_of(admin_session), target)
    assert not target.exists() and not (target.parent / "x.ccvault.keys").exists()
    assert [p for p in target.parent.iterdir()] == [] if target.parent.exists() else True


@pytest.mark.parametrize("keep", [5, 100, 0.5, -1])
def test_truncation_is_detected(made: store.BackupResult, admin_session: Session, keep: float) -> None:
    data = made.path.read_bytes()
    cut = len(data) - 1 if keep == -1 else int(len(data) * keep) if keep < 1 else int(keep)
    made.path.write_bytes(data[:cut])
    with pytest.raises(BackupDamaged, match=r"incomplete|not a CareCoord backup|damaged"):
        store.verify_backup(made.path, dek_of(admin_session))


def test_appended_data_is_detected(made: store.BackupResult, admin_session: Session) -> None:
    with made.path.open("ab") as handle:
        handle.write(b"\x01\x00\x00\x00\x20" + os.urandom(32))
    with pytest.raises(BackupDamaged, match="extra data"):
        store.verify_backup(made.path, dek_of(admin_session))


def test_not_a_backup(tmp_path: Path, admin_session: Session) -> None:
    junk = tmp_path / "notes.ccbackup"
    junk.write_text("hello")
    with pytest.raises(BackupDamaged, match="not a CareCoord backup"):
        fmt.read_header(junk)
    with pytest.raises(Exception, match="no backup file"):
        fmt.read_header(tmp_path / "missing.ccbackup")


def test_read_manifest_is_quick_and_matches(made: store.BackupResult, admin_session: Session) -> None:
    header, manifest = fmt.read_manifest(made.path, dek_of(admin_session))
    assert manifest == made.manifest
    assert header.vault_id == admin_session.vault.vault_id


def test_keys_in_the_backup_are_the_keys_at_backup_time(
    made: store.BackupResult, admin_session: Session
) -> None:
    header = fmt.read_header(made.path)
    slots = header.key_slots()
    assert isinstance(slots, KeySlotsFile)
    assert {(s.kind, s.label) for s in slots.slots} == {("user", "admin"), ("recovery", "recovery")}


def test_restore_never_overwrites(made: store.BackupResult, admin_session: Session) -> None:
    before = admin_session.vault.path.read_bytes()
    with pytest.raises(StorageUnavailable, match="never overwritten"):
        store.restore_backup(made.path, dek_of(admin_session), admin_session.vault.path)
    assert admin_session.vault.path.read_bytes() == before


def test_backup_while_another_holder_has_the_vault_open(admin_session: Session, tmp_path: Path) -> None:
    """The app holds the lock and has written but the backup reads a consistent snapshot without the lock."""
    drafts.save_draft(admin_session, "a", {"x": 1})
    made = store.create_backup(
        admin_session.vault.path,
        admin_session.vault.dek,
        tmp_path / "b",
        created_by="x",
        workstation="",
        reason="t",
    )
    assert made.report.ok and made.manifest.row_counts["drafts"] == 1
    drafts.save_draft(admin_session, "b", {"x": 2})  # the app keeps writing afterwards
    assert admin_session.vault.integrity_check() == "ok"


def test_two_backups_in_one_second_get_distinct_names(admin_session: Session, tmp_path: Path) -> None:
    args = (admin_session.vault.path, admin_session.vault.dek, tmp_path / "b")
    a = store.create_backup(*args, created_by="x", workstation="", reason="t")
    b = store.create_backup(*args, created_by="x", workstation="", reason="t")
    assert a.path != b.path and a.path.exists() and b.path.exists()


def test_unwritable_destination_is_a_plain_error(admin_session: Session, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permission bits: use a file where a folder should be
            folder.chmod(0o700)
            folder = tmp_path / "a-file"
            folder.write_text("x")
        with pytest.raises(StorageUnavailable):
            store.create_backup(
                admin_session.vault.path,
                admin_session.vault.dek,
                folder,
                created_by="x",
                workstation="",
                reason="t",
            )
    finally:
        if folder.is_dir():
            folder.chmod(0o700)
