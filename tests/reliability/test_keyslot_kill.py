"""Killed during a key-slot rewrite (a password change): the vault still opens with the old or the new password.

A few trials by default (CI stays fast), 500 with --soak.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from carecoord_desktop.services import audit_trail, auth
from carecoord_desktop.services.session import Session
from tests.reliability.conftest import child
from tests.reliability.password_child import PASSWORDS, which_password

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def test_sigkill_during_password_changes(admin_session: Session, soak: bool) -> None:
    assert PASSWORDS[0] == "correct horse battery staple"
    vault = admin_session.vault.path
    admin_session.vault.close()
    rng = random.Random(7)
    trials = 500 if soak else 3
    for _trial in range(trials):
        before = which_password(vault)
        proc = child("password_child.py", str(vault))
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        changes = [int(ln.split()[1]) for ln in out.splitlines() if ln.startswith("changed-to")]
        reported = changes[-1] if changes else before
        now = which_password(vault)  # raises SystemExit if neither password opens it
        # The keys file is replaced atomically: the last reported password, or the one being written next.
        assert now in (reported, 1 - reported)
        keys_dir = [p.name for p in vault.parent.iterdir() if p.name.endswith(".tmp")]
        session = auth.sign_in(vault, "admin", PASSWORDS[now])
        try:
            assert session.vault.integrity_check() == "ok"
            assert audit_trail.verify(session).ok
        finally:
            session.vault.close()
        assert len(keys_dir) <= 1  # at most the one temp file of the interrupted rewrite
        for leftover in vault.parent.glob(".*.tmp"):
            leftover.unlink()
