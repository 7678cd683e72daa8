"""Backup rotation (grandfather-father-son), the schedule, the policy model, and what a restore loses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from carecoord_desktop.domain.backup_policy import (
    BackupFile,
    BackupPolicy,
    VaultSnapshot,
    backup_due,
    backups_to_delete,
    backups_to_keep,
    describe_age,
    is_older,
    is_overdue,
    restore_losses,
)

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # a Sunday


def daily(days: int, hour: int = 2) -> list[BackupFile]:
    """One backup a day at `hour`, for the `days` days before NOW (newest first)."""
    out = []
    for back in range(days):
        at = (NOW - timedelta(days=back)).replace(hour=hour)
        out.append(BackupFile(f"b-{at:%Y%m%d-%H}", at))
    return out


def names(*stamps: str) -> set[str]:
    return {f"b-{s}" for s in stamps}


@pytest.mark.parametrize(
    ("files", "policy", "kept"),
    [
        # nothing to keep
        ([], BackupPolicy(), set()),
        # one backup is always kept, whatever the rule
        (daily(1), BackupPolicy(keep_daily=0, keep_weekly=0, keep_monthly=1), names("20260315-02")),
        # 7 daily only: the last 7 days
        (
            daily(10),
            BackupPolicy(keep_daily=7, keep_weekly=0, keep_monthly=0),
            names(*(f"202603{d:02d}-02" for d in range(9, 16))),
        ),
        # 3 weekly only: the newest backup of each of the 3 most recent ISO weeks (Sundays close a week)
        (
            daily(20),
            BackupPolicy(keep_daily=0, keep_weekly=3, keep_monthly=0),
            names("20260315-02", "20260308-02", "20260301-02"),
        ),
        # 2 monthly over 40 days: newest of March and of February
        (
            daily(40),
            BackupPolicy(keep_daily=0, keep_weekly=0, keep_monthly=2),
            names("20260315-02", "20260228-02"),
        ),
    ],
)
def test_rotation_table(files: list[BackupFile], policy: BackupPolicy, kept: set[str]) -> None:
    assert backups_to_keep(files, policy, NOW) == kept


def test_default_policy_over_a_year_keeps_7_daily_4_weekly_12_monthly() -> None:
    files = daily(400)
    kept = backups_to_keep(files, BackupPolicy(), NOW)
    # 7 daily (Mar 9-15) + weekly Sundays Mar 8, Mar 1 (Mar 15 already counted) + month ends back to Apr 2025
    assert names(*(f"202603{d:02d}-02" for d in range(9, 16))) <= kept
    assert names("20260308-02", "20260301-02", "20260222-02") <= kept
    assert names("20260228-02", "20260131-02", "20250430-02") <= kept
    assert "b-20250331-02" not in kept
    assert len(kept) == 7 + 2 + 1 + 11  # daily, weekly not already daily, Feb 22, months Feb..Apr
    assert sorted(backups_to_delete(files, BackupPolicy(), NOW)) == sorted({f.name for f in files} - kept)


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    files = [BackupFile(f"b-{h}", NOW.replace(hour=h)) for h in (1, 5, 9)]
    assert backups_to_keep(files, BackupPolicy(keep_daily=1, keep_weekly=0, keep_monthly=0), NOW) == {"b-9"}


def test_future_dated_backups_are_never_deleted() -> None:
    files = [*daily(3), BackupFile("from-the-future", NOW + timedelta(days=30))]
    kept = backups_to_keep(files, BackupPolicy(keep_daily=1, keep_weekly=0, keep_monthly=0), NOW)
    assert "from-the-future" in kept and "b-20260315-02" in kept


@given(
    st.lists(st.integers(min_value=0, max_value=2000), min_size=1, max_size=60, unique=True),
    st.integers(0, 10),
    st.integers(0, 6),
    st.integers(0, 14),
)
def test_rotation_properties(hours_back: list[int], d: int, w: int, m: int) -> None:
    if d + w + m == 0:
        d = 1
    policy = BackupPolicy(keep_daily=d, keep_weekly=w, keep_monthly=m)
    files = [BackupFile(f"f{h}", NOW - timedelta(hours=h * 7)) for h in hours_back]
    kept = backups_to_keep(files, policy, NOW)
    newest = min(hours_back)
    assert f"f{newest}" in kept  # never empties the folder, never drops the newest
    assert len(kept) <= d + w + m + 1
    assert set(backups_to_delete(files, policy, NOW)) == {f.name for f in files} - kept
    # deleting is stable: applying the rule to what was kept deletes nothing more
    assert backups_to_delete([f for f in files if f.name in kept], policy, NOW) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"folder": "relative/dir"}, "full path"),
        ({"folder": "/media/usb\x00x"}, "control characters"),
        ({"interval_hours": 5}, "offered schedules"),
        ({"interval_hours": -1}, "greater than or equal"),
        ({"keep_daily": 0, "keep_weekly": 0, "keep_monthly": 0}, "at least one"),
        ({"keep_daily": 10_000}, "less than or equal"),
        ({"surprise": 1}, "Extra inputs"),
    ],
)
def test_policy_refuses_bad_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BackupPolicy.model_validate(changes)


@pytest.mark.parametrize("folder", ["/media/usb/backups", "E:\\Backups", "\\\\server\\share\\cc", ""])
def test_policy_accepts_absolute_folders(folder: str) -> None:
    assert BackupPolicy(folder=folder).folder == folder


@pytest.mark.parametrize(
    ("policy", "last_hours_ago", "event", "due"),
    [
        (BackupPolicy(), None, "timer", False),  # no folder yet
        (BackupPolicy(folder="/b"), None, "timer", True),
        (BackupPolicy(folder="/b"), 23, "timer", False),
        (BackupPolicy(folder="/b"), 24, "timer", True),
        (BackupPolicy(folder="/b", interval_hours=4), 5, "timer", True),
        (BackupPolicy(folder="/b", interval_hours=0), 500, "timer", False),
        (BackupPolicy(folder="/b"), 1, "sign_out", True),
        (BackupPolicy(folder="/b", at_sign_out=False), 1, "close", False),
    ],
)
def test_backup_due(policy: BackupPolicy, last_hours_ago: int | None, event: str, due: bool) -> None:
    last = None if last_hours_ago is None else NOW - timedelta(hours=last_hours_ago)
    assert backup_due(policy, last, NOW, event) is due  # type: ignore[arg-type]


def test_overdue_and_age() -> None:
    assert is_overdue(None, NOW, 1)
    assert not is_overdue(NOW - timedelta(hours=23), NOW, 1)
    assert is_overdue(NOW - timedelta(days=1, minutes=1), NOW, 1)
    assert describe_age(NOW - timedelta(seconds=30), NOW) == "just now"
    assert describe_age(NOW - timedelta(hours=5), NOW) == "5 hours ago"
    assert describe_age(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert "clock" in describe_age(NOW + timedelta(hours=1), NOW)


def test_restore_losses_name_what_is_lost() -> None:
    backup = VaultSnapshot(
        "v1", 10, "2026-03-14T09:30:00.000000Z", {"patients": 100, "staff": 4, "audit_log": 10}
    )
    current = VaultSnapshot(
        "v1", 25, "2026-03-15T09:30:00.000000Z", {"patients": 103, "staff": 4, "audit_log": 25}
    )
    losses = restore_losses(backup, current)
    assert is_older(backup, current)
    assert losses[0].startswith("15 audit-logged actions") and "2026-03-14 09:30" in losses[0]
    assert losses[1] == "3 of the 103 patients rows (100 in the backup)"
    assert len(losses) == 2
    assert restore_losses(current, current) == []
    assert restore_losses(backup, VaultSnapshot("other", 99, "", {})) == []
    assert not is_older(current, backup)
