"""Disk full and read-only destinations, during a write and during a backup.

Where the machine allows it (Linux, root), each test mounts a real size-limited tmpfs and fills it or
remounts it read-only; elsewhere it injects the OSError the OS would raise. Each test says which it used
in its output (`-s`) and asserts: a clear error, the vault consistent, nothing committed lost, no leftovers.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import StorageUnavailable
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.services import audit_trail, auth, backup, drafts
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage import backup_format as fmt
from tests.conftest import ADMIN_PASSWORD
from tests.reliability.conftest import remount

Mount = Callable[..., Path | None]


def new_practice(path: Path) -> Session:
    session, _ = auth.create_practice(
        auth.NewPractice(
            path, PracticeSettings(practice_name="Full Disk Clinic"), "admin", "Ada Admin", ADMIN_PASSWORD
        )
    )
    return session


def consistent(session: Session, committed: list[str]) -> None:
    assert session.vault.integrity_check() == "ok"
    assert audit_trail.verify(session).ok
    assert set(committed) <= set(drafts.my_drafts(session))


def test_disk_full_during_writes(mount_tmpfs: Mount, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real tmpfs (size=1200k) filled by drafts until SQLite reports SQLITE_FULL; else an injected ENOSPC."""
    fs = mount_tmpfs(1200)
    if fs is None:
        print("disk full during a write: injected ENOSPC (no tmpfs here)")
        session = new_practice(tmp_path / "v" / "elm.ccvault")
        real_fsync = os.fsync
        monkeypatch.setattr(
            os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left"))
        )
        before = session.vault.keys.path.read_bytes()
        with pytest.raises(StorageUnavailable, match="disk is full"):
            auth.change_password(
                session, ADMIN_PASSWORD, "new lantern 4471 pebble", "new lantern 4471 pebble"
            )
        monkeypatch.setattr(os, "fsync", real_fsync)
        assert session.vault.keys.path.read_bytes() == before
        consistent(session, [])
        session.vault.close()
        return
    print("disk full during a write: real 1200 KiB tmpfs")
    vault = fs / "elm.ccvault"
    session = new_practice(vault)
    committed: list[str] = []
    with pytest.raises(StorageUnavailable, match=r"disk is full|disk reported an error") as caught:
        for i in range(10_000):
            drafts.save_draft(session, f"d{i}", {"blob": os.urandom(6000).hex()})
            committed.append(f"d{i}")
    assert "could not be saved" in caught.value.message
    assert committed, "the disk filled before anything was written"
    consistent(session, committed)
    session.vault.close()
    subprocess.run(["mount", "-o", "remount,size=16m", str(fs)], check=True)
    again = auth.sign_in(vault, "admin", ADMIN_PASSWORD)
    try:
        consistent(again, committed)
        drafts.save_draft(again, "after", {"ok": True})  # writable again once space is back
    finally:
        again.vault.close()


def test_disk_full_during_a_backup(
    mount_tmpfs: Mount, admin_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real tmpfs destination (size=256k) smaller than the backup; else an injected ENOSPC while writing."""
    for i in range(8):
        drafts.save_draft(admin_session, f"d{i}", {"blob": os.urandom(20_000).hex()})
    fs = mount_tmpfs(256, "usb")
    if fs is None:
        print("disk full during a backup: injected ENOSPC")
        fs = admin_session.vault.path.parent / "usb"

        def full(*_a: object, **_k: object) -> object:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(fmt, "write_container", full)
    else:
        print("disk full during a backup: real 256 KiB tmpfs")
    with pytest.raises(StorageUnavailable, match="disk is full"):
        backup.back_up_now(admin_session, fs)
    assert [p.name for p in fs.iterdir()] == []  # no partial backup, no working copy
    consistent(admin_session, [f"d{i}" for i in range(8)])
    failed = audit_trail.search(admin_session, AuditFilter(action="backup.create"))[0]
    assert failed.outcome == "failed" and "disk is full" in failed.detail["reason"]


def test_read_only_destination_for_a_backup(
    mount_tmpfs: Mount, admin_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real tmpfs remounted read-only; else an injected EROFS."""
    fs = mount_tmpfs(4096, "ro")
    if fs is None:
        print("read-only backup destination: injected EROFS")
        fs = admin_session.vault.path.parent / "ro"
        fs.mkdir()

        def read_only(*_a: object, **_k: object) -> str:
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(store.tempfile, "mkdtemp", read_only)
    else:
        print("read-only backup destination: real tmpfs remounted ro")
        remount(fs, "ro")
    with pytest.raises(StorageUnavailable, match="read-only"):
        backup.back_up_now(admin_session, fs)
    assert admin_session.vault.integrity_check() == "ok"


def test_vault_disk_turns_read_only_during_a_write(
    mount_tmpfs: Mount, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vault's own disk turning read-only while the app has it open.

    Real: a tmpfs remounted read-only. Linux refuses that (EBUSY) while the vault's files are open for
    writing, which is the usual case, and then the test injects EROFS into the keys-file rewrite instead.
    """
    fs = mount_tmpfs(8192)
    if fs is not None:
        session = new_practice(fs / "elm.ccvault")
        drafts.save_draft(session, "kept", {"a": 1})
        try:
            remount(fs, "ro")
        except subprocess.CalledProcessError:
            fs = None  # busy: fall through to injection
            session.vault.close()
    if fs is None:
        print("read-only vault disk: injected EROFS")
        session = new_practice(tmp_path / "v" / "elm.ccvault")
        drafts.save_draft(session, "kept", {"a": 1})
        monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(OSError(errno.EROFS, "ro")))
        with pytest.raises(StorageUnavailable, match="read-only"):
            auth.change_password(
                session, ADMIN_PASSWORD, "new lantern 4471 pebble", "new lantern 4471 pebble"
            )
        monkeypatch.undo()
        consistent(session, ["kept"])
        session.vault.close()
        return
    print("read-only vault disk: real tmpfs remounted ro while open")
    with pytest.raises(StorageUnavailable, match=r"read-only|disk reported an error"):
        drafts.save_draft(session, "lost", {"b": 2})
    remount(fs, "rw")
    drafts.save_draft(session, "after", {"c": 3})
    consistent(session, ["kept", "after"])
    session.vault.close()
