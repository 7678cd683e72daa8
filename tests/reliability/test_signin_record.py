"""The failed-sign-in record beside a vault is untrusted input (issue 8, findings 8 and 9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import SignInFailed
from carecoord_desktop.domain.signin import MAX_DELAY_S
from carecoord_desktop.services import audit_trail, auth
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.storage import signin_failures
from tests.conftest import sign_in


def _line(username: str, at: str, reason: str = "wrong username or password", logged: bool = False) -> str:
    return json.dumps({"username": username, "at": at, "reason": reason, "logged": logged}) + "\n"


def _all_entries(vault: Path) -> list[audit_trail.AuditEntry]:
    session = sign_in(vault, "admin")
    try:
        return audit_trail.search(session, AuditFilter(), limit=10_000)
    finally:
        auth.sign_out(session)


def test_imported_failures_are_marked_unverified_and_forged_text_is_dropped(practice: Path) -> None:
    signin_failures.failures_path(practice).write_text(
        _line("nina", "2026-03-01T10:00:00.000000Z")
        + _line("priya", "2026-03-01T10:00:01.000000Z", reason="chart.open Jane Doe granted by admin")
        + _line("a password typed here", "2026-03-01T10:00:02.000000Z"),
        encoding="utf-8",
    )
    entries = _all_entries(practice)
    imported = [e for e in entries if e.action == "sign_in" and e.outcome == "failed"]
    assert [e.username for e in imported] == ["nina"]
    assert imported[0].detail["unverified"] is True and imported[0].detail["reported_at"].startswith(
        "2026-03-01"
    )
    assert not any("Jane Doe" in json.dumps(e.detail) for e in entries)
    noted = [e for e in entries if e.action == "sign_in.record_unreadable"]
    assert noted and noted[0].detail["lines_ignored"] == 2


def test_future_dated_failures_do_not_lock_an_account(practice: Path) -> None:
    signin_failures.failures_path(practice).write_text(
        "".join(_line("admin", "9999-12-31T23:59:59.000000Z") for _ in range(40)), encoding="utf-8"
    )
    assert auth.retry_after(practice, "admin") <= MAX_DELAY_S
    auth.sign_out(sign_in(practice, "admin"))


def test_many_recent_failures_wait_at_most_the_cap(practice: Path) -> None:
    from carecoord_desktop.storage.clock import utc_now

    signin_failures.failures_path(practice).write_text(
        "".join(_line("nina", utc_now()) for _ in range(500)), encoding="utf-8"
    )
    assert 0 < auth.retry_after(practice, "nina") <= MAX_DELAY_S


@pytest.mark.parametrize(
    "damage",
    [
        b'{"username": "nina", "at": "not a time", "reason": "wrong username or password"}\n',
        b"\xff\xfe\x00garbage\n" + _line("nina", "2026-03-01T10:00:00.000000Z").encode(),
        b'[1, 2, 3]\n{}\n"text"\n',
        "directory",
    ],
    ids=["bad-time", "bad-bytes", "wrong-shapes", "directory"],
)
def test_an_unreadable_record_does_not_stop_sign_in(practice: Path, damage: bytes | str) -> None:
    record = signin_failures.failures_path(practice)
    if damage == "directory":
        record.mkdir()
    else:
        assert isinstance(damage, bytes)
        record.write_bytes(damage)
    assert auth.retry_after(practice, "nina") == 0
    with pytest.raises(SignInFailed, match="Wrong username or password"):
        auth.sign_in(practice, "nina", "wrong wrong wrong")
    entries = _all_entries(practice)
    assert any(e.action == "sign_in.record_unreadable" for e in entries)


def test_a_password_typed_as_the_username_is_never_stored(practice: Path) -> None:
    secret = "violet harbor 9911"
    with pytest.raises(SignInFailed):
        auth.sign_in(practice, secret, "whatever")
    assert secret not in signin_failures.failures_path(practice).read_text(encoding="utf-8")
    entries = _all_entries(practice)
    assert not any(secret in f"{e.username} {e.subject} {json.dumps(e.detail)}" for e in entries)
    unknown = [e for e in entries if e.action == "sign_in" and e.outcome == "failed"]
    assert [e.username for e in unknown] == [signin_failures.UNKNOWN_USER]


def test_unknown_usernames_share_one_delay_and_known_ones_are_not_slowed(practice: Path) -> None:
    for guess in ("alpha", "bravo", "charlie"):
        with pytest.raises(SignInFailed):
            auth.sign_in(practice, guess, "whatever")
    assert auth.retry_after(practice, "delta") > 0
    assert auth.retry_after(practice, "nina") == 0
