"""Failed sign-ins before the vault is open.

A wrong password cannot be written to the (encrypted) audit log, because the log cannot be opened. Each
failure is appended here (username, time, reason; no patient data) and moved into the audit log at the
next successful opening. The count per username drives the growing delay, across restarts too.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from carecoord_desktop.storage.clock import utc_now


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


def failures_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".signin")


def record(vault_path: Path, username: str, reason: str, *, logged: bool = False) -> None:
    """Append a failure; `logged` when it is already in the audit log (the vault was open)."""
    line = PendingFailure(username[:64], utc_now(), reason, logged).as_line() + "\n"
    with contextlib.suppress(OSError), open(failures_path(vault_path), "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def pending(vault_path: Path) -> list[PendingFailure]:
    try:
        text = failures_path(vault_path).read_text(encoding="utf-8")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            raw = json.loads(line)
            out.append(
                PendingFailure(
                    str(raw["username"]), str(raw["at"]), str(raw["reason"]), bool(raw.get("logged"))
                )
            )
    return out


def failures_for(vault_path: Path, username: str) -> list[PendingFailure]:
    return [f for f in pending(vault_path) if f.username == username]


def clear(vault_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        failures_path(vault_path).unlink()


def after_sign_in(vault_path: Path, username: str) -> None:
    """Once the pending entries are in the audit log: forget this user's, keep the others' for the throttle."""
    keep = [
        PendingFailure(f.username, f.at, f.reason, logged=True)
        for f in pending(vault_path)
        if f.username != username
    ]
    if not keep:
        clear(vault_path)
        return
    with contextlib.suppress(OSError):
        failures_path(vault_path).write_text("".join(f.as_line() + "\n" for f in keep), encoding="utf-8")
