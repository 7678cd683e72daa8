"""What a killed backup or restore leaves, and two backups from two processes (issue 8, finding 15).

One backup of a vault at a time across processes (the app's timer and cron overlap); a backup's work
folder left by a kill is removed by the next backup; a restore killed at its last step leaves nothing
that blocks running it again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from carecoord_desktop.domain.backup_policy import BackupAlreadyRunning
from carecoord_desktop.services import auth, backup, backup_unattended
from carecoord_desktop.services.backup_credentials import Credential
from tests.conftest import ADMIN_PASSWORD, sign_in
from tests.reliability.conftest import child

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _work_folders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".carecoord-work-"))


@pytest.fixture
def key_file(practice: Path, tmp_path: Path) -> Path:
    key = tmp_path / "nightly.key"
    session = sign_in(practice, "admin")
    try:
        backup_unattended.setup_unattended(session, key)
    finally:
        auth.sign_out(session)
    return key


def _stuck_backup(practice: Path, folder: Path, key: Path) -> subprocess.Popen[str]:
    proc = child("backup_child.py", str(practice), str(folder), str(key))
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read() if proc.stderr else ""
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def test_one_backup_at_a_time_across_processes(practice: Path, key_file: Path, tmp_path: Path) -> None:
    proc = _stuck_backup(practice, tmp_path / "cron", key_file)
    try:
        session = sign_in(practice, "admin")
        try:
            assert backup.backup_running(session)
            with pytest.raises(BackupAlreadyRunning):
                backup.back_up_now(session, tmp_path / "app")
            with pytest.raises(BackupAlreadyRunning):
                backup_unattended.unattended_backup(practice, tmp_path / "cron2", key_file=key_file)
        finally:
            auth.sign_out(session)
    finally:
        _kill(proc)
    assert not (tmp_path / "app").exists() or list((tmp_path / "app").iterdir()) == []
    session = sign_in(practice, "admin")  # the killed backup's lock went with it
    try:
        assert not backup.backup_running(session)
        assert backup.back_up_now(session, tmp_path / "app").report.ok
    finally:
        auth.sign_out(session)


def test_a_killed_backups_work_folder_is_removed_by_the_next(
    practice: Path, key_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    proc = _stuck_backup(practice, folder, key_file)
    _kill(proc)
    assert len(_work_folders(folder)) == 1  # a full keyed copy of the vault, left by the kill
    made = backup_unattended.unattended_backup(practice, folder, key_file=key_file)
    assert made.report.ok
    assert _work_folders(folder) == []
    assert [p.name for p in folder.iterdir()] == [made.path.name]


def test_a_restore_killed_at_its_last_step_can_be_run_again(practice: Path, tmp_path: Path) -> None:
    session = sign_in(practice, "admin")
    try:
        made = backup.back_up_now(session, tmp_path / "backups")
    finally:
        auth.sign_out(session)
    target = tmp_path / "restored" / "elm.ccvault"
    proc = child("restore_child.py", str(made.path), str(target), ADMIN_PASSWORD)
    out, err = proc.communicate(timeout=120)
    assert "killing" in out and proc.returncode == -signal.SIGKILL, err
    leftovers = sorted(p.name for p in target.parent.iterdir())
    assert leftovers, "the kill left nothing to recover from: the trial did not hit the last step"
    outcome = backup_unattended.restore_file(
        made.path, Credential(username="admin", password=ADMIN_PASSWORD), target
    )
    assert outcome.vault_path == target
    assert sorted(p.name for p in target.parent.iterdir()) == ["elm.ccvault", "elm.ccvault.keys"]
    auth.sign_out(auth.sign_in(target, "admin", ADMIN_PASSWORD))
