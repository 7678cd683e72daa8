"""Everything a full session writes is its owner's only on POSIX: files 0600, folders 0700 (issue 8, finding 12).

The session runs in child processes (paths here hold no spaces: commands are split on them) started with the usual umask 022, through the real entry points
(the `carecoord` command and the GUI's start-up), with HOME and the XDG folders inside one temp folder;
then every file and folder under it is walked.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD
from tests.reliability.conftest import REPO

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


def _run(env: dict[str, str], script: str, *args: str, stdin: str = "") -> None:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),  # the usual desktop umask
    )
    assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"


def test_a_full_session_writes_only_private_files_and_folders(tmp_path: Path) -> None:
    root = tmp_path / "session"
    root.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HOME": str(root / "home"),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "XDG_DATA_HOME": str(root / "home" / ".local" / "share"),
        "XDG_STATE_HOME": str(root / "home" / ".local" / "state"),
        "XDG_CACHE_HOME": str(root / "home" / ".cache"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    vault = root / "practice" / "elm.ccvault"
    key = root / "keys" / "nightly.key"
    (root / "keys").mkdir(mode=0o700)
    made = root / "backups"
    admin = ["--vault", str(vault), "--user", "admin", "--password-stdin"]
    password = f"{ADMIN_PASSWORD}\n"
    session: list[tuple[str, str]] = [
        (f"init {vault} --practice Elm --admin admin --password-stdin", password),
        ("users add nina --full-name Nina --role nurse " + " ".join(admin), f"{password}{NURSE_PASSWORD}\n"),
        (f"backup setup-unattended {' '.join(admin)} --key-file {key}", password),
        (f"backup --vault {vault} --to {made} --key-file {key}", ""),
        (f"backup verify BACKUP --key-file {key}", ""),
        (f"restore BACKUP --to {root / 'restored' / 'elm.ccvault'} --user admin --password-stdin", password),
        (f"audit export --out {root / 'practice' / 'audit.csv'} {' '.join(admin)}", password),
        (f"demo create {root / 'demo'} --patients 3", ""),
    ]
    for command, stdin in session:
        backup = next(made.glob("*.ccbackup"), made)
        _run(env, "cli_child.py", *command.replace("BACKUP", str(backup)).split(), stdin=stdin)
    _run(env, "gui_child.py", str(vault), ADMIN_PASSWORD)

    written = {p: p.lstat().st_mode for p in root.rglob("*")}
    names = {p.name for p in written}
    expected = {"elm.ccvault", "elm.ccvault.keys", "elm.ccvault.lock", "elm.ccvault.signin", "audit.csv"}
    expected |= {
        "nightly.key",
        "workstation.json",
        "carecoord-desktop.log",
        "recovery-sheet.pdf",
        "demo-practice.ccvault",
    }
    assert expected <= names, expected - names
    assert any(n.startswith("crash-") for n in names) and any(n.endswith(".ccbackup") for n in names)
    loose = [
        f"{oct(stat.S_IMODE(mode))} {path.relative_to(root)}"
        for path, mode in sorted(written.items())
        if stat.S_IMODE(mode) != (0o700 if stat.S_ISDIR(mode) else 0o600)
    ]
    assert not loose, "\n".join(loose)
