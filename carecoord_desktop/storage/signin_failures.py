"""Failed sign-ins before the vault is open.

A wrong password cannot be written to the (encrypted) audit log, because the log cannot be opened. Each
failure is appended here (username, time, reason; no patient data) and moved into the audit log at the
next successful opening. The count per username drives the growing delay, across restarts too.

Anyone who can write beside the vault can write this file, so it is untrusted input: every line is
validated (a known reason, a real username or the unknown-username marker, a time not in the future),
imported entries are marked unverified, what cannot be read is counted and reported, and the file is
never followed through a symlink. A username that is no account of the vault is recorded as
UNKNOWN_USER, never verbatim: it may be a password typed into the wrong box.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.storage.atomic import write_atomic
from carecoord_desktop.storage.clock import parse_utc, utc_now
from carecoord_desktop.storage.keys import KeySlotsFile
from carecoord_desktop.storage.safe_files import open_private

UNKNOWN_USER = "(unknown username)"
RECORD_ACTOR = "(sign-in record)"
REASONS = frozenset({"wrong username or password", "account disabled", "wrong recovery key"})
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")  # services.auth.USERNAME_RE
_MAX_BYTES = 1 << 20
_CLOCK_SKEW = timedelta(minutes=5)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@dataclass(frozen=True)
class PendingFailure:
    username: str
    at: str
    reason: str
    logged: bool = False  # already copied into the audit log; kept only for the throttle

    def as_line(self) -> str:
        return json.dumps(
            {"username": self.username, "at": self.at, "reason": self.reason, "logged": self.logged}
        )


@dataclass(frozen=True)
class FailureRecord:
    """What the file holds: the failures that passed every check, and how many lines did not."""

    failures: list[PendingFailure]
    unreadable: int = 0
    why: str = ""


def failures_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".signin")


def _known_usernames(vault_path: Path) -> set[str]:
    try:
        keys = KeySlotsFile.load(vault_path.with_name(vault_path.name + ".keys"))
    except (UserError, OSError, ValueError):
        return set()
    return {slot.label for slot in keys.slots if slot.kind == "user"} | set(keys.disabled)


def as_recorded(vault_path: Path, username: str) -> str:
    """How `username` is written down: itself when it is an account of this vault, else UNKNOWN_USER."""
    name = username.strip().lower()
    return name if name in _known_usernames(vault_path) else UNKNOWN_USER


def record(vault_path: Path, username: str, reason: str, *, logged: bool = False) -> None:
    """Append a failure; `logged` when it is already in the audit log (the vault was open). Best effort."""
    failure = PendingFailure(as_recorded(vault_path, username), utc_now(), reason, logged)
    with contextlib.suppress(OSError, UserError):
        fd = open_private(failures_path(vault_path), "the failed sign-in record", append=True)
        try:
            os.write(fd, (failure.as_line() + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


def _parse(line: str, latest: datetime) -> PendingFailure | None:
    try:
        raw = json.loads(line)
    except ValueError:
        return None
    if not isinstance(raw, dict) or set(raw) - {"username", "at", "reason", "logged"}:
        return None
    username, at, reason, logged = (
        raw.get("username"),
        raw.get("at"),
        raw.get("reason"),
        raw.get("logged", False),
    )
    if not (isinstance(username, str) and isinstance(at, str) and isinstance(reason, str)):
        return None
    if not isinstance(logged, bool) or reason not in REASONS:
        return None
    if username != UNKNOWN_USER and not _USERNAME.match(username):
        return None
    try:
        when = parse_utc(at)
    except ValueError:
        return None
    if when > latest:
        return None
    return PendingFailure(username, at, reason, logged)


def _read_bytes(path: Path) -> tuple[bytes, str]:
    """(the file's bytes, "") or (b"", why it cannot be read); (b"", "") when there is none."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return b"", ""
    except OSError as exc:
        return b"", f"it cannot be opened ({exc.strerror or type(exc).__name__})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"", "it is not a regular file"
        return os.read(fd, _MAX_BYTES), ""
    except OSError as exc:
        return b"", f"it cannot be read ({exc.strerror or type(exc).__name__})"
    finally:
        os.close(fd)


def read(vault_path: Path) -> FailureRecord:
    """Every valid failure in the file, in order; bad lines, bad bytes or a file that is no file are counted."""
    path = failures_path(vault_path)
    if path.is_symlink():
        return FailureRecord([], 1, "it is a symbolic link")
    data, why = _read_bytes(path)
    if why:
        return FailureRecord([], 1, why)
    latest = datetime.now(UTC) + _CLOCK_SKEW
    failures: list[PendingFailure] = []
    bad = 0
    for raw_line in data.splitlines():
        if not raw_line.strip():
            continue
        try:
            parsed = _parse(raw_line.decode("utf-8"), latest)
        except UnicodeDecodeError:
            parsed = None
        if parsed is None:
            bad += 1
        else:
            failures.append(parsed)
    return FailureRecord(failures, bad, "some lines are not valid failure records" if bad else "")


def pending(vault_path: Path) -> list[PendingFailure]:
    return read(vault_path).failures


def failures_for(vault_path: Path, username: str) -> list[PendingFailure]:
    """The failures that count for `username`'s delay (all unknown usernames share one delay)."""
    bucket = as_recorded(vault_path, username)
    return [f for f in pending(vault_path) if f.username == bucket]


def audit_entries(vault_path: Path) -> list[dict[str, Any]]:
    """The audit entries (keyword arguments of audit.append) for what the file holds and was not logged yet.

    Each imported failure is marked unverified: the file is not authenticated, so its lines say only what
    someone who could write beside the vault wrote there. Unreadable content gets one entry saying so.
    """
    found = read(vault_path)
    entries: list[dict[str, Any]] = [
        {
            "username": f.username,
            "action": "sign_in",
            "outcome": "failed",
            "subject": f.username,
            "detail": {"reason": f.reason, "reported_at": f.at, "unverified": True},
        }
        for f in found.failures
        if not f.logged
    ]
    if found.unreadable:
        entries.append(
            {
                "username": RECORD_ACTOR,
                "action": "sign_in.record_unreadable",
                "outcome": "failed",
                "subject": failures_path(vault_path).name,
                "detail": {"lines_ignored": found.unreadable, "why": found.why},
            }
        )
    return entries


def clear(vault_path: Path) -> None:
    path = failures_path(vault_path)
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            os.rmdir(path)  # an empty folder put in its place; anything else is left alone
        else:
            path.unlink(missing_ok=True)


def after_sign_in(vault_path: Path, username: str) -> None:
    """Once the pending entries are in the audit log: forget this user's, keep the others' for the throttle.

    The file is replaced (never written through a symlink); unreadable lines were reported and are dropped.
    """
    keep = [
        PendingFailure(f.username, f.at, f.reason, logged=True)
        for f in pending(vault_path)
        if f.username != username
    ]
    if not keep:
        clear(vault_path)
        return
    try:
        write_atomic(
            failures_path(vault_path),
            "".join(f.as_line() + "\n" for f in keep).encode("utf-8"),
            what="the failed sign-in record",
        )
    except UserError:
        clear(vault_path)  # e.g. a folder in its place: the failures were audited already
