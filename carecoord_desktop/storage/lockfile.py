"""One writer per vault: an OS file lock beside the vault, naming who holds it and since when.

The lock file is opened without following a symlink and created readable by its owner only; every
write to it (the holder's name) is best effort, so a full disk never turns into a traceback here.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from pathlib import Path

from carecoord_desktop.domain.errors import VaultInUse
from carecoord_desktop.domain.plain_text import one_line
from carecoord_desktop.storage.atomic import describe_os_error
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.safe_files import open_private

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _read_info(fd: int) -> dict[str, str]:
    """Who holds the lock, as the holder wrote it: untrusted text, so only short printable strings."""
    with contextlib.suppress(OSError, ValueError):
        os.lseek(fd, 0, os.SEEK_SET)
        raw = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        if isinstance(raw, dict):
            return {str(k): one_line(str(v), 64) for k, v in raw.items()}
    return {}


class FileLock:
    """An exclusive OS lock on a private file (`acquire` says whether it was free); released on exit or kill."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        self.what = what
        self._fd: int | None = None
        self.refused_info: dict[str, str] = {}  # what the holder wrote, when `acquire` found it taken

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        fd = open_private(self.path, self.what)
        if not _try_lock(fd):
            self.refused_info = _read_info(fd)
            with contextlib.suppress(OSError):
                os.close(fd)
            return False
        self._fd = fd
        return True

    def write(self, text: str) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, text.encode("utf-8"))

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        with contextlib.suppress(OSError):
            _unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)


class VaultLock:
    """Held for as long as the vault is open. The file holds no patient data."""

    def __init__(self, vault_path: Path, holder: str) -> None:
        self.path = lock_path(vault_path)
        self._lock = FileLock(self.path, "the vault's lock file")
        self.holder = holder

    def acquire(self) -> None:
        try:
            free = self._lock.acquire()
        except OSError as exc:
            raise describe_os_error(exc, "the vault's lock file") from exc
        if not free:
            info = self._lock.refused_info
            who = info.get("holder") or "another user"
            where = info.get("host") or "another computer"
            since = info.get("since", "")[:16].replace("T", " ")
            raise VaultInUse(
                f"This vault is already open: {who} on {where} since {since} UTC (process {info.get('pid', '?')}). "
                "Close CareCoord there first, then try again."
            )
        self._write_info()

    def _write_info(self) -> None:
        info = {
            "holder": self.holder,
            "os_user": _os_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": utc_now(),
        }
        self._lock.write(json.dumps(info))

    def set_holder(self, holder: str) -> None:
        self.holder = holder
        self._write_info()

    def release(self) -> None:
        self._lock.release()
