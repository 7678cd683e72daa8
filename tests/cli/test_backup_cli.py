"""`carecoord backup`, `backup verify`, `backup setup-unattended`, `restore`: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from carecoord_desktop.services import auth
from tests.cli.helpers import run
from tests.conftest import ADMIN_PASSWORD, FRONT_PASSWORD, NURSE_PASSWORD, sign_in


def one_line_error(err: str) -> None:
    assert err.startswith("carecoord: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture
def key_file(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    key = tmp_path / "nightly.key"
    argv = ["backup", "setup-unattended", "--vault", str(practice), "--user", "admin", "--password-stdin"]
    code, out, err = run(monkeypatch, capsys, [*argv, "--key-file", str(key)], ADMIN_PASSWORD + "\n")
    assert code == 0, err
    assert str(key) in out
    return key


def unattended_backup(
    practice: Path,
    key_file: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    argv = ["backup", "--vault", str(practice), "--to", str(folder), "--key-file", str(key_file)]
    code, _out, err = run(monkeypatch, capsys, argv)
    assert code == 0, err
    return next(folder.glob("*.ccbackup"))


def test_unattended_backup_verify_and_restore(
    practice: Path,
    key_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        monkeypatch,
        capsys,
        ["backup", "--vault", str(practice), "--to", str(tmp_path / "b"), "--key-file", str(key_file)],
    )
    assert code == 0, err
    assert "written and verified" in out
    made = next((tmp_path / "b").glob("*.ccbackup"))

    code, out, _ = run(monkeypatch, capsys, ["backup", "verify", str(made), "--key-file", str(key_file)])
    assert code == 0 and out.startswith("Backup OK")
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["backup", "verify", str(made), "--user", "nina", "--password-stdin"],
        NURSE_PASSWORD + "\n",
    )
    assert code == 0 and "Backup OK" in out

    target = tmp_path / "restored" / "r.ccvault"
    argv = [
        "restore",
        str(made),
        "--to",
        str(target),
        "--user",
        "admin",
        "--password-stdin",
        "--current",
        str(practice),
    ]
    code, out, err = run(monkeypatch, capsys, argv, ADMIN_PASSWORD + "\n")
    # verifying with --user did not touch the vault; the backup's own audit entry came after the snapshot
    assert code == 2 and "--confirm-loss" in err
    one_line_error(err)
    assert "The backup holds vault 'elm-street'" in out and not target.exists()
    code, out, err = run(monkeypatch, capsys, [*argv, "--confirm-loss"], ADMIN_PASSWORD + "\n")
    assert code == 0, err
    assert "Restored into" in out
    session = sign_in(target, "nina")
    auth.sign_out(session)


def test_wrong_password_damage_and_misuse_are_one_line_errors(
    practice: Path,
    key_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    made = unattended_backup(practice, key_file, tmp_path / "b", monkeypatch, capsys)
    cases: list[tuple[list[str], str, str]] = [
        (["backup", "verify", str(made), "--user", "admin", "--password-stdin"], "nope\n", "does not open"),
        (
            ["backup", "verify", str(tmp_path / "none.ccbackup"), "--key-file", str(key_file)],
            "",
            "no backup file",
        ),
        (["backup", "verify", str(key_file), "--key-file", str(key_file)], "", "not a CareCoord backup"),
        (["backup", "verify", str(made), "--user", "admin", "--recovery-key"], "", "only one of"),
        (["backup", "verify", str(made), "--user", "admin", "--password-stdin"], "", "first line of stdin"),
        (["backup"], "", "Give the vault"),
        (["backup", "--vault", str(tmp_path / "nope.ccvault"), "--to", str(tmp_path)], "", "no vault"),
        (["restore", str(made), "--to", str(practice), "--key-file", str(key_file)], "", "never overwritten"),
    ]
    for argv, stdin, expected in cases:
        code, _out, err = run(monkeypatch, capsys, argv, stdin)
        assert code == 2, (argv, err)
        one_line_error(err)
        assert expected in err, (argv, err)
    data = bytearray(made.read_bytes())
    made.write_bytes(bytes(data[: len(data) // 2]))
    code, _out, err = run(monkeypatch, capsys, ["backup", "verify", str(made), "--key-file", str(key_file)])
    assert code == 2 and "incomplete" in err


def test_setup_without_keyring_points_to_key_file(
    practice: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["backup", "setup-unattended", "--vault", str(practice), "--user", "admin", "--password-stdin"]
    code, _out, err = run(monkeypatch, capsys, argv, ADMIN_PASSWORD + "\n")
    assert code == 2 and "--key-file" in err
    one_line_error(err)


def test_nurse_cannot_set_up_unattended(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["backup", "setup-unattended", "--vault", str(practice), "--user", "nina", "--password-stdin"]
    code, _out, err = run(
        monkeypatch, capsys, [*argv, "--key-file", str(tmp_path / "k")], NURSE_PASSWORD + "\n"
    )
    assert code == 2 and "not allowed" in err
    assert not (tmp_path / "k").exists()


def test_the_installed_command_runs_while_the_app_holds_the_vault(
    practice: Path, key_file: Path, tmp_path: Path
) -> None:
    """A separate process (as cron would start it) backs up while this process has the vault open."""
    session = sign_in(practice, "admin")
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "carecoord_desktop.cli",
                "backup",
                "--vault",
                str(practice),
                "--to",
                str(tmp_path / "c"),
                "--key-file",
                str(key_file),
                "--quiet",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == ""
        assert list((tmp_path / "c").glob("*.ccbackup"))
        from carecoord_desktop.services import backup

        assert backup.last_good_backup(session) is not None
    finally:
        auth.sign_out(session)


def test_restore_needs_an_administrator_and_checks_need_a_staff_role(
    practice: Path,
    key_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from carecoord_desktop.services import audit_trail
    from carecoord_desktop.services.audit_trail import AuditFilter

    made = unattended_backup(practice, key_file, tmp_path / "b", monkeypatch, capsys)
    fred = ["--user", "fred", "--password-stdin", "--confirm-loss"]
    for n, current in enumerate(([], ["--current", str(practice)])):
        target = tmp_path / f"fred{n}" / "r.ccvault"
        argv = ["restore", str(made), "--to", str(target), *fred, *current]
        code, _out, err = run(monkeypatch, capsys, argv, FRONT_PASSWORD + "\n")
        assert code == 2 and "Front desk" in err and "not allowed to restore backups" in err, err
        one_line_error(err)
        assert not target.exists() and not any(target.parent.glob("*")), n
    code, _out, err = run(
        monkeypatch,
        capsys,
        ["restore", str(made), "--to", str(tmp_path / "k" / "r.ccvault"), "--key-file", str(key_file)],
    )
    assert code == 2 and "makes and checks backups only" in err
    code, out, err = run(
        monkeypatch,
        capsys,
        ["backup", "verify", str(made), "--vault", str(practice), "--user", "fred", "--password-stdin"],
        FRONT_PASSWORD + "\n",
    )
    assert code == 0 and out.startswith("Backup OK"), err  # checking a backup is every role's job
    admin = sign_in(practice, "admin")
    try:
        refused = audit_trail.search(admin, AuditFilter(action="backup.restore", outcome="refused"))
        assert [(e.username, e.detail["missing_permission"]) for e in refused] == [("fred", "restore")]
        assert audit_trail.search(admin, AuditFilter(action="backup.verify"))[0].username == "fred"
    finally:
        auth.sign_out(admin)


def test_the_recovery_key_still_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The administrator's emergency tool: no staff password works any more, the recovery key does."""
    from carecoord_desktop.domain.practice import PracticeSettings
    from carecoord_desktop.services import backup

    session, recovery = auth.create_practice(
        auth.NewPractice(
            tmp_path / "v" / "oak.ccvault",
            PracticeSettings(practice_name="Oak"),
            "boss",
            "B B",
            ADMIN_PASSWORD,
        )
    )
    try:
        made = backup.back_up_now(session, tmp_path / "b")
    finally:
        auth.sign_out(session)
    target = tmp_path / "restored" / "oak.ccvault"
    argv = ["restore", str(made.path), "--to", str(target), "--recovery-key", "--password-stdin"]
    code, out, err = run(monkeypatch, capsys, argv, recovery + "\n")
    assert code == 0 and "Restored into" in out, err
    auth.sign_out(auth.sign_in(target, "boss", ADMIN_PASSWORD))
