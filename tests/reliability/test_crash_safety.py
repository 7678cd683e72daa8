"""Crash safety: a child writes realistic transactions and is killed with SIGKILL at random moments.

After every kill the vault opens, SQLite's integrity check is ok, the audit chain verifies, and every
transaction the child reported as committed is there. A few trials by default (CI stays fast), 500 with --soak.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from carecoord_desktop.services import audit_trail, auth, drafts
from carecoord_desktop.services.session import Session
from tests.conftest import ADMIN_PASSWORD
from tests.reliability.conftest import child

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _kill_after(proc: object, delay: float) -> list[str]:
    """Wait for `ready`, let it run for `delay` seconds, SIGKILL it, return every line it printed."""
    import subprocess

    assert isinstance(proc, subprocess.Popen)
    first = proc.stdout.readline()  # type: ignore[union-attr]
    assert first.strip() == "ready", proc.stderr.read()  # type: ignore[union-attr]
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return [first, *out.splitlines()]


def _check(session: Session, committed: set[str]) -> None:
    assert session.vault.integrity_check() == "ok"
    report = audit_trail.verify(session)
    assert report.ok, report.describe()
    present = set(drafts.my_drafts(session))
    missing = committed - present
    assert not missing, f"committed but lost after SIGKILL: {sorted(missing)[:5]}"


def test_sigkill_during_writes_loses_nothing_committed(admin_session: Session, soak: bool) -> None:
    vault = admin_session.vault.path
    admin_session.vault.close()
    trials = 500 if soak else 5
    rng = random.Random(20240501)
    committed: set[str] = set()
    failures = 0
    for trial in range(trials):
        proc = child("writer_child.py", str(vault), ADMIN_PASSWORD, str(trial))
        lines = _kill_after(proc, rng.uniform(0.0, 0.35))
        committed |= {ln.split(" ", 1)[1] for ln in lines if ln.startswith("committed t")}
        session = auth.sign_in(vault, "admin", ADMIN_PASSWORD)
        try:
            _check(session, committed)
        except AssertionError:
            failures += 1
            raise
        finally:
            session.vault.close()
    print(f"\ncrash trials: {trials} run, {failures} failed, {len(committed)} committed transactions checked")
    assert len(committed) > trials  # the trials really wrote something
