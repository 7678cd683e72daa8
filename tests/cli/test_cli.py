"""The `carecoord` command, run in-process as a user would run it: exit codes and one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run
from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD


def test_init_then_users_then_info(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vault = tmp_path / "clinic.ccvault"
    code, out, _ = run(
        monkeypatch,
        capsys,
        ["init", str(vault), "--practice", "Elm Clinic", "--admin", "boss", "--password-stdin"],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 0 and "RECOVERY KEY" in out
    common = ["--vault", str(vault), "--user", "boss", "--password-stdin"]
    code, out, err = run(
        monkeypatch,
        capsys,
        ["users", "add", "nina", "--full-name", "Nina Okafor", "--role", "nurse", *common],
        f"{ADMIN_PASSWORD}\n{NURSE_PASSWORD}\n",
    )
    assert code == 0, err
    code, out, _ = run(monkeypatch, capsys, ["users", "list", *common], ADMIN_PASSWORD + "\n")
    assert code == 0 and "nina" in out and "must change password" in out
    code, out, _ = run(monkeypatch, capsys, ["vault", "info", *common], ADMIN_PASSWORD + "\n")
    assert code == 0
    assert "Integrity check:  ok" in out and "user:boss" in out and "recovery:recovery" in out
    code, out, _ = run(monkeypatch, capsys, ["users", "disable", "nina", *common], ADMIN_PASSWORD + "\n")
    assert code == 0
    code, _, err = run(
        monkeypatch,
        capsys,
        ["change-password", "--vault", str(vault), "--user", "nina", "--password-stdin"],
        f"{NURSE_PASSWORD}\nwhatever new pass 1\n",
    )
    assert code == 2 and err == "carecoord: Wrong username or password.\n"  # names no account


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (
            ["users", "list", "--vault", "{vault}", "--user", "admin", "--password-stdin"],
            "nope nope nope\n",
            "Wrong username or password",
        ),
        (
            ["users", "list", "--vault", "{missing}", "--user", "admin", "--password-stdin"],
            ADMIN_PASSWORD + "\n",
            "There is no vault",
        ),
        (
            ["users", "list", "--vault", "{vault}", "--user", "admin", "--password-stdin"],
            "",
            "first line of stdin",
        ),
        (
            [
                "users",
                "add",
                "x",
                "--full-name",
                "X",
                "--role",
                "boss",
                "--vault",
                "{vault}",
                "--user",
                "admin",
                "--password-stdin",
            ],
            f"{ADMIN_PASSWORD}\nsome long password 1\n",
            "Unknown role",
        ),
        (
            ["users", "reset-password", "ghost", "--vault", "{vault}", "--user", "admin", "--password-stdin"],
            f"{ADMIN_PASSWORD}\nsome long password 1\n",
            "no staff account 'ghost'",
        ),
        (
            [
                "audit",
                "export",
                "--out",
                "{tmp}/a.csv",
                "--since",
                "yesterday",
                "--vault",
                "{vault}",
                "--user",
                "admin",
                "--password-stdin",
            ],
            ADMIN_PASSWORD + "\n",
            "not a date",
        ),
        (
            ["users", "list", "--vault", "{vault}", "--user", "nina", "--password-stdin"],
            NURSE_PASSWORD + "\n",
            "not allowed to manage staff accounts",
        ),
        (
            ["init", "{vault}", "--practice", "X", "--admin", "ann", "--password-stdin"],
            ADMIN_PASSWORD + "\n",
            "already exists",
        ),
        (
            [
                "init",
                "{tmp}/n.ccvault",
                "--practice",
                "X",
                "--admin",
                "root",
                "--time-zone",
                "Mars/Base",
                "--password-stdin",
            ],
            ADMIN_PASSWORD + "\n",
            "not a known time zone",
        ),
        (
            ["init", "{tmp}/n.ccvault", "--practice", "X", "--admin", "root", "--password-stdin"],
            "short\n",
            "at least 12",
        ),
    ],
)
def test_user_errors_exit_2_with_one_line(
    practice: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str,
    message: str,
) -> None:
    argv = [a.format(vault=practice, missing=tmp_path / "none.ccvault", tmp=tmp_path) for a in argv]
    code, out, err = run(monkeypatch, capsys, argv, stdin)
    assert code == 2
    assert message in err and err.startswith("carecoord: ") and err.count("\n") == 1
    assert "Traceback" not in err + out


def test_audit_export_writes_csv_and_is_audited(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "audit.csv"
    common = ["--vault", str(practice), "--user", "admin", "--password-stdin"]
    code, _, _ = run(
        monkeypatch,
        capsys,
        ["audit", "export", "--out", str(out_file), "--filter-user", "admin", *common],
        ADMIN_PASSWORD + "\n",
    )
    assert code == 0
    lines = out_file.read_text().splitlines()
    assert lines[0].startswith("seq,at,username,action")
    assert len(lines) > 2 and all(",admin," in line for line in lines[1:])
    code, _, _ = run(
        monkeypatch,
        capsys,
        ["audit", "export", "--out", str(tmp_path / "b.csv"), "--action", "audit.export", *common],
        ADMIN_PASSWORD + "\n",
    )
    assert "audit.export" in (tmp_path / "b.csv").read_text()


def test_password_is_never_taken_from_arguments_and_no_tty_is_explained(practice: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "carecoord_desktop.cli",
            "users",
            "list",
            "--vault",
            str(practice),
            "--user",
            "admin",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--password-stdin" in result.stderr


def test_help_and_usage_errors(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(monkeypatch, capsys, ["--help"])[0] == 0
    code, _, err = run(monkeypatch, capsys, ["users", "frobnicate"])
    assert code == 2 and "invalid choice" in err


def test_each_command_module_registers_exactly_the_commands_it_is_listed_for() -> None:
    """The CLI imports only the module of the command given; the table that says which module that is must
    stay true as modules add commands."""
    import argparse
    import importlib

    from carecoord_desktop.cli import COMMAND_MODULES

    for name, listed in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(f"carecoord_desktop.cli.{name}").register(commands)
        assert tuple(commands.choices) == listed, name


def test_meds_check_loads_no_vault_code(tmp_path: Path) -> None:
    """`carecoord meds check` touches no vault and so loads none of the services (they took seconds)."""
    import json
    import subprocess
    import sys

    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}))
    script = (
        "import sys; from carecoord_desktop.cli import main; code = main(['meds', 'check', sys.argv[1]]); "
        "print(code, sorted({m for m in sys.modules if m.startswith(('carecoord_desktop.services', "
        "'carecoord_desktop.storage', 'sqlalchemy'))}), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bundle)], capture_output=True, text=True, timeout=120
    )
    assert done.stderr.strip().splitlines()[-1] == "0 []"
