"""Crash-safe file replacement: a reader sees the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from carecoord_desktop.domain.errors import StorageUnavailable


def describe_os_error(exc: OSError, what: str) -> StorageUnavailable:
    if exc.errno == errno.ENOSPC:
        return StorageUnavailable(
            f"The disk is full, so {what} could not be saved. Free some space and try again."
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageUnavailable(f"The disk is read-only or not writable, so {what} could not be saved.")
    return StorageUnavailable(f"{what[:1].upper()}{what[1:]} could not be saved: {exc.strerror or exc}.")


def refuse_special_target(path: Path, what: str) -> None:
    """Refuse to replace `path` when something other than a regular file is there (a link, FIFO, device, folder)."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise describe_os_error(exc, what) from exc
    if not stat.S_ISREG(mode):
        raise StorageUnavailable(
            f"{path} exists and is not a regular file (a folder, link, device or pipe), so {what} was not "
            "written there. Choose another file name."
        )


def write_atomic(path: Path, data: bytes, *, what: str = "the file") -> None:
    """Write to a temp file beside `path`, fsync it, rename over `path`, fsync the folder.

    Only a regular file is ever replaced: a folder, symlink, FIFO or device at `path` is refused.
    """
    refuse_special_target(path, what)
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = ""
        fsync_dir(path.parent)
    except OSError as exc:
        raise describe_os_error(exc, what) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
