"""When to back up, which backup files to keep, and what a restore would lose (domain.md 8.2).

Pure rules: no I/O. The services read backup headers and the clock and pass plain values in.
"""

from __future__ import annotations

import ntpath
import posixpath
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from carecoord_desktop.domain.errors import SignInFailed, UserError, VaultDamaged

#: Timer choices offered by the admin screen, in hours; 0 means "no timer" (sign-out and manual only).
SCHEDULE_CHOICES: Final[Mapping[int, str]] = {
    0: "Only at sign-out and when asked",
    1: "Every hour",
    4: "Every 4 hours",
    12: "Twice a day",
    24: "Daily",
    168: "Weekly",
}

BackupEvent = Literal["timer", "sign_out", "close"]


class BackupDamaged(VaultDamaged):
    """A .ccbackup file that is truncated, altered or not a backup at all."""


class BackupKeyRefused(SignInFailed):
    """The password, recovery key or backup key does not open this backup."""


class BackupAlreadyRunning(UserError):
    """A backup of this vault is being made already; two at once would collide on file names and rotation."""


class RestoreNeedsConfirmation(UserError):
    """The backup is older than the current vault; restoring it would lose what `losses` names."""

    def __init__(self, message: str, losses: Sequence[str]) -> None:
        super().__init__(message)
        self.losses = list(losses)


def _is_absolute(text: str) -> bool:
    return posixpath.isabs(text) or ntpath.isabs(text)


class BackupPolicy(BaseModel):
    """Where backups go, how often they are made while the app is open, and how many are kept."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    folder: str = Field(default="", max_length=1024)
    interval_hours: int = Field(default=24, ge=0, le=168)
    at_sign_out: bool = True
    keep_daily: int = Field(default=7, ge=0, le=366)
    keep_weekly: int = Field(default=4, ge=0, le=260)
    keep_monthly: int = Field(default=12, ge=0, le=240)

    @field_validator("folder")
    @classmethod
    def _folder_path(cls, value: str) -> str:
        if not value:
            return value
        if any(ord(c) < 32 for c in value):
            raise ValueError("The backup folder contains control characters; choose the folder again")
        if not _is_absolute(value):
            raise ValueError(
                "Choose the backup folder with its full path, e.g. /media/usb/backups or E:\\Backups"
            )
        return value

    @field_validator("interval_hours")
    @classmethod
    def _known_interval(cls, value: int) -> int:
        if value not in SCHEDULE_CHOICES:
            choices = ", ".join(str(h) for h in SCHEDULE_CHOICES)
            raise ValueError(f"Choose one of the offered schedules (every {choices} hours)")
        return value

    @model_validator(mode="after")
    def _keeps_something(self) -> BackupPolicy:
        if self.keep_daily + self.keep_weekly + self.keep_monthly < 1:
            raise ValueError("Keep at least one daily, weekly or monthly backup")
        return self

    @property
    def configured(self) -> bool:
        return bool(self.folder)


# -- rotation ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupFile:
    """One verified backup in the folder: its file name and when it was made (time-zone aware)."""

    name: str
    created_at: datetime


def _newest_per_period(
    files: Sequence[BackupFile], count: int, period: Callable[[datetime], Hashable]
) -> set[str]:
    """The newest backup in each of the `count` most recent periods that have one."""
    kept: set[str] = set()
    seen: list[object] = []
    for item in sorted(files, key=lambda f: (f.created_at, f.name), reverse=True):
        key = period(item.created_at)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.append(key)
        kept.add(item.name)
    return kept


def backups_to_keep(files: Iterable[BackupFile], policy: BackupPolicy, now: datetime) -> set[str]:
    """Grandfather-father-son: each rule keeps the newest backup of its N most recent periods.

    The rules overlap (today's backup counts as daily, weekly and monthly). The newest backup and any
    backup dated in the future (a clock that was wrong) are always kept, so rotation can never empty a folder.
    """
    items = list(files)
    if not items:
        return set()
    past = [f for f in items if f.created_at <= now]
    kept = {f.name for f in items if f.created_at > now}
    kept |= _newest_per_period(past, policy.keep_daily, lambda t: t.date())
    kept |= _newest_per_period(past, policy.keep_weekly, lambda t: t.isocalendar()[:2])
    kept |= _newest_per_period(past, policy.keep_monthly, lambda t: (t.year, t.month))
    kept.add(max(items, key=lambda f: (f.created_at, f.name)).name)
    return kept


def backups_to_delete(files: Iterable[BackupFile], policy: BackupPolicy, now: datetime) -> list[str]:
    items = list(files)
    keep = backups_to_keep(items, policy, now)
    return sorted(f.name for f in items if f.name not in keep)


# -- schedule and status -------------------------------------------------------------------------------
def backup_due(
    policy: BackupPolicy, last_good: datetime | None, now: datetime, event: BackupEvent = "timer"
) -> bool:
    """Whether an automatic backup should run now."""
    if not policy.configured:
        return False
    if event in ("sign_out", "close"):
        return policy.at_sign_out
    if policy.interval_hours == 0:
        return False
    return last_good is None or now - last_good >= timedelta(hours=policy.interval_hours)


def is_overdue(last_good: datetime | None, now: datetime, max_age_days: int) -> bool:
    return last_good is None or now - last_good > timedelta(days=max_age_days)


def describe_age(then: datetime, now: datetime) -> str:
    seconds = int((now - then).total_seconds())
    if seconds < 0:
        return "in the future (check this computer's clock)"
    if seconds < 90:
        return "just now"
    minutes = seconds // 60
    if minutes < 90:
        return f"{minutes} minutes ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours ago"
    return f"{hours // 24} days ago"


# -- what a restore would lose -------------------------------------------------------------------------
@dataclass(frozen=True)
class VaultSnapshot:
    """What a vault (or a backup of it) holds: the last audit entry and rows per table."""

    vault_id: str
    audit_seq: int
    last_activity: str  # UTC ISO of the newest audit entry; "" when none
    row_counts: Mapping[str, int] = field(default_factory=dict)


#: Tables whose counts are bookkeeping, not something a person would miss.
_QUIET_TABLES: Final = frozenset({"alembic_version", "audit_head", "meta"})


def restore_losses(backup: VaultSnapshot, current: VaultSnapshot) -> list[str]:
    """Plain sentences naming what restoring `backup` in place of `current` would lose; [] when nothing."""
    if backup.vault_id != current.vault_id:
        return []
    losses: list[str] = []
    newer = current.audit_seq - backup.audit_seq
    if newer > 0:
        since = backup.last_activity[:16].replace("T", " ")
        losses.append(
            f"{newer} audit-logged actions made after the backup (since {since} UTC): "
            "every change, sign-in and view recorded since then"
        )
    for table in sorted(set(current.row_counts) | set(backup.row_counts)):
        if table in _QUIET_TABLES or table == "audit_log":
            continue
        now_rows, then_rows = current.row_counts.get(table, 0), backup.row_counts.get(table, 0)
        if now_rows > then_rows:
            losses.append(
                f"{now_rows - then_rows} of the {now_rows} {table.replace('_', ' ')} rows ({then_rows} in the backup)"
            )
    return losses


def is_older(backup: VaultSnapshot, current: VaultSnapshot) -> bool:
    return backup.vault_id == current.vault_id and backup.audit_seq < current.audit_seq
