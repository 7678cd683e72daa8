"""Files and folders the app makes beside a vault: never through a symlink, readable by their owner only."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from carecoord_desktop.domain.errors import StorageUnavailable
from carecoord_desktop.storage.atomic import describe_os_error

FILE_MODE = 0o600
DIR_MODE = 0o700
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotARegularFile(OSError):
    """A FIFO, a device or a socket where a file was expected."""


def _refuse_link(path: Path, what: str) -> StorageUnavailable:
    return StorageUnavailable(
        f"{what[:1].upper()}{what[1:]} ({path.name}) is a symbolic link or not a regular file, which CareCoord "
        "does not follow. Remove it and try again."
    )


def open_private(path: Path, what: str, *, append: bool = False) -> int:
    """A read-write descriptor of the regular file `path`, created 0600; refuses a symlink, FIFO or device.

    Opened non-blocking (so a FIFO cannot hang the opening) and without following a final symlink.
    """
    if path.is_symlink():  # where O_NOFOLLOW does not exist (Windows), and for a clear message
        raise _refuse_link(path, what)
    flags = (
        os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY | (os.O_APPEND if append else 0)
    )
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO, errno.EISDIR):
            raise _refuse_link(path, what) from None
        raise describe_os_error(exc, what) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse_link(path, what)
        if os.name != "nt" and stat.S_IMODE(info.st_mode) != FILE_MODE and info.st_uid == os.geteuid():
            os.fchmod(fd, FILE_MODE)  # written by an older version with the default mode
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    return fd


def open_regular(path: Path) -> int:
    """A read-only descriptor of `path` when it is a regular file (a FIFO cannot hang the opening).

    Raises FileNotFoundError, IsADirectoryError, NotARegularFile or another OSError; the caller words it.
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY)
    try:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.ENODEV, "is not a regular file", str(path))
        if _NONBLOCK and os.name != "nt":
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def make_private_dir(folder: Path, what: str) -> None:
    """Create `folder` (and missing parents) 0700; an existing folder keeps its mode (it may be shared)."""
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise describe_os_error(exc, what) from exc
