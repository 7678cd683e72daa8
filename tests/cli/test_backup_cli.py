"""`carecoord backup`, `backup verify`, `backup setup-unattended`, `restore`: exit codes and one-line errors."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from carecoord_desktop.cli import main
from carecoord_desktop.services import auth
from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD, sign_in


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


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
    run(
        monkeypatch,
        capsys,
        ["backup", "--vault", str(practice), "--to", str(tmp_path / "b"), "--key-file", str(key_file)],
    )
    made = next((tmp_path / "b").glob("*.ccbackup"))
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
