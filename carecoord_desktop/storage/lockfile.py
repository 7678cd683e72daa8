"""One writer per vault: an OS file lock beside the vault, naming who holds it and since when."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from carecoord_desktop.domain.errors import VaultInUse
from carecoord_desktop.storage.atomic import describe_os_error
from carecoord_desktop.storage.clock import utc_now

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


class VaultLock:
    """Held for as long as the vault is open. The file holds no patient data."""

    def __init__(self, vault_path: Path, holder: str) -> None:
        self.path = lock_path(vault_path)
        self._handle: IO[str] | None = None
        self.holder = holder

    def acquire(self) -> None:
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while locked
        except OSError as exc:
            raise describe_os_error(exc, "the vault's lock file") from exc
        if not _try_lock(handle):
            handle.seek(0)
            info = {}
            with contextlib.suppress(ValueError):
                info = json.loads(handle.read() or "{}")
            handle.close()
            who = info.get("holder") or "another user"
            where = info.get("host") or "another computer"
            since = (info.get("since") or "")[:16].replace("T", " ")
            raise VaultInUse(
                f"This vault is already open: {who} on {where} since {since} UTC (process {info.get('pid', '?')}). "
                "Close CareCoord there first, then try again."
            )
        self._handle = handle
        self._write_info()

    def _write_info(self) -> None:
        if self._handle is None:
            return
        info = {
            "holder": self.holder,
            "os_user": _os_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": utc_now(),
        }
        with contextlib.suppress(OSError):
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.write(json.dumps(info))
            self._handle.flush()

    def set_holder(self, holder: str) -> None:
        self.holder = holder
        self._write_info()

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self._handle.seek(0)
            self._handle.truncate()
            _unlock(self._handle)
        self._handle.close()
        self._handle = None
