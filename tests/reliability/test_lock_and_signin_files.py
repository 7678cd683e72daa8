"""The lock and failed-sign-in files beside a vault: a full disk, symlinks, modes (issue 8, findings 6 and 10)."""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import SignInFailed, StorageUnavailable, UserError
from carecoord_desktop.services import auth
from carecoord_desktop.storage import signin_failures
from carecoord_desktop.storage.lockfile import VaultLock, lock_path
from tests.conftest import ADMIN_PASSWORD, make_practice

Mount = Callable[..., Path | None]
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and modes are POSIX here")


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_full_disk_at_sign_in_says_so(mount_tmpfs: Mount) -> None:
    """A real tmpfs filled to the last byte, then a sign-in: the plain "disk is full", not a traceback."""
    fs = mount_tmpfs(2048)
    if fs is None:
        pytest.skip("this machine does not allow mounting a tmpfs")
    vault = fs / "elm.ccvault"
    auth.sign_out(make_practice(vault))
    _fill(fs)
    with pytest.raises(StorageUnavailable, match="disk is full"):
        auth.sign_in(vault, "admin", ADMIN_PASSWORD)
    (fs / "filler").unlink()
    auth.sign_out(auth.sign_in(vault, "admin", ADMIN_PASSWORD))  # and the vault is fine afterwards


@pytest.fixture
def precious(tmp_path: Path) -> Path:
    """A file someone else owns, that a symlink beside the vault points to."""
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    return target


@posix_only
def test_lock_file_symlink_is_refused_and_its_target_untouched(practice: Path, precious: Path) -> None:
    vault, target = practice, precious
    lock_path(vault).unlink(missing_ok=True)
    lock_path(vault).symlink_to(target)
    with pytest.raises(UserError, match="link"):
        auth.sign_in(vault, "admin", ADMIN_PASSWORD)
    assert target.read_text() == "keep me\n"


@posix_only
def test_signin_file_symlink_is_not_followed(practice: Path, precious: Path) -> None:
    vault, target = practice, precious
    signin_failures.failures_path(vault).symlink_to(target)
    with pytest.raises(SignInFailed):
        auth.sign_in(vault, "admin", "wrong password here")
    assert target.read_text() == "keep me\n"  # nothing appended
    auth.sign_out(auth.sign_in(vault, "admin", ADMIN_PASSWORD))
    assert target.read_text() == "keep me\n"  # nothing truncated or rewritten


@posix_only
def test_lock_and_signin_files_are_private(practice: Path) -> None:
    vault = practice
    old = os.umask(0o022)
    try:
        for leftover in (lock_path(vault), signin_failures.failures_path(vault)):
            leftover.unlink(missing_ok=True)
        with pytest.raises(SignInFailed):
            auth.sign_in(vault, "admin", "wrong password here")
        lock = VaultLock(vault, "admin")
        lock.acquire()
        lock.release()
    finally:
        os.umask(old)
    for path in (lock_path(vault), signin_failures.failures_path(vault)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
