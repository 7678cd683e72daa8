"""Editing, deleting or truncating audit entries is detected and the first broken entry is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from carecoord_desktop.cli import main as cli_main
from carecoord_desktop.services import audit_trail, auth
from tests.conftest import ADMIN_PASSWORD, sign_in


def _tamper(practice: Path, *statements: str) -> None:
    session = sign_in(practice, "admin")
    with session.vault.write() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        for sql in statements:
            conn.execute(text(sql))
    session.vault.close()


def _verify(practice: Path) -> audit_trail.ChainReport:
    session = sign_in(practice, "admin")
    try:
        return audit_trail.verify(session)
    finally:
        session.vault.close()


def test_intact_chain_verifies(practice: Path) -> None:
    report = _verify(practice)
    assert report.ok, report.problem
    assert report.entries_checked >= 5


def test_log_refuses_update_and_delete_through_sql(practice: Path) -> None:
    session = sign_in(practice, "admin")
    for sql in ("UPDATE audit_log SET action='x' WHERE seq=1", "DELETE FROM audit_log WHERE seq=1"):
        with (
            pytest.raises((IntegrityError, OperationalError), match="append-only"),
            session.vault.write() as conn,
        ):
            conn.execute(text(sql))
    session.vault.close()


def test_edited_entry_is_named(practice: Path) -> None:
    _tamper(practice, "UPDATE audit_log SET username='mallory' WHERE seq=3")
    report = _verify(practice)
    assert not report.ok and report.first_broken_seq == 3
    assert "entry #3" in report.problem and "modified" in report.problem


def test_deleted_entry_is_named(practice: Path) -> None:
    _tamper(practice, "DELETE FROM audit_log WHERE seq=4")
    report = _verify(practice)
    assert not report.ok and report.first_broken_seq == 4
    assert "#4 is missing" in report.problem


def test_truncated_log_is_detected_by_the_stored_head(practice: Path) -> None:
    session = sign_in(practice, "admin")
    with session.vault.write() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        last = conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
        conn.execute(text(f"DELETE FROM audit_log WHERE seq >= {last - 1}"))
    report = audit_trail.verify(session)
    session.vault.close()
    assert not report.ok
    assert report.first_broken_seq == last - 1
    assert "removed from the end" in report.problem


def test_forged_head_is_detected_and_sign_in_still_works(practice: Path) -> None:
    session = sign_in(practice, "admin")
    with session.vault.write() as conn:
        conn.execute(text("UPDATE audit_head SET seq = seq - 1"))
    report = audit_trail.verify(session)
    session.vault.close()
    assert not report.ok and "head" in report.problem
    sign_in(practice, "nina").vault.close()


def test_cli_audit_verify_names_the_broken_entry(
    practice: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    _tamper(practice, "UPDATE audit_log SET detail='{}' WHERE seq=2")
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    code = cli_main(["audit", "verify", "--vault", str(practice), "--user", "admin", "--password-stdin"])
    out = capsys.readouterr().out
    assert code == 2
    assert "First broken entry: #2" in out and "BROKEN" in out


def test_failures_refusals_and_sign_ins_are_entries(practice: Path) -> None:
    with pytest.raises(Exception, match="Wrong"):
        auth.sign_in(practice, "admin", "definitely wrong pw")
    session = sign_in(practice, "admin")
    entries = audit_trail.search(session, audit_trail.AuditFilter(action="sign_in"))
    auth.sign_out(session)
    outcomes = [(e.username, e.outcome) for e in entries]
    assert ("admin", "failed") in outcomes and ("admin", "ok") in outcomes
