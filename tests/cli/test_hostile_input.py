"""Hostile and odd input to every kind of CLI argument (issue 8, findings 13 and 14; finding 7 for bad bytes).

Each case must end with exit 2 and exactly one line in all on stdout and stderr (a plain sentence: no
control characters, no terminal escapes, bounded length), within a time limit (no hang), and with
nothing written: no new file or folder anywhere in the sandbox, no stored row changed, no existing file
(or a symlink's target, a FIFO, a device node) replaced.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from carecoord_desktop.domain.plain_text import is_plain
from carecoord_desktop.services import auth, backup
from tests.cli.helpers import Hang, run, time_limit
from tests.conftest import ADMIN_PASSWORD, sign_in
from tests.reliability.test_bad_input import stored_rows

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, device nodes and /proc are POSIX")

ADMIN = ["--user", "admin", "--password-stdin"]
PASSWORD = ADMIN_PASSWORD + "\n"
HUGE = "x" * (128 * 1024)
LONG_NAME = "n" * 300
LONG_PATH = "/" + "deep/" * 900 + "v.ccvault"
ANSI = "\x1b[31mred\x1b[0m\x1b]0;owned\x07"
NOT_UTF8 = "caf\udce9"  # how Python hands over the byte 0xE9 in an argument that is not UTF-8
HANG_SECONDS = 30

# (id, argv, stdin): {vault} {dir} {backup} {fifo} {key} {device} {link} {dangling} are filled in.
CASES: list[tuple[str, list[str], str | bytes]] = [
    # names and paths
    (
        "name>255",
        ["init", "{dir}/" + LONG_NAME + ".ccvault", "--practice", "X", "--admin", "ann", "--password-stdin"],
        PASSWORD,
    ),
    ("path>4096", ["users", "list", "--vault", LONG_PATH, *ADMIN], PASSWORD),
    ("restore-to-name>255", ["restore", "{backup}", "--to", "{dir}/" + LONG_NAME, *ADMIN], PASSWORD),
    ("vault-dot", ["users", "list", "--vault", ".", *ADMIN], PASSWORD),
    ("vault-root", ["users", "list", "--vault", "/", *ADMIN], PASSWORD),
    ("vault-empty", ["users", "list", "--vault", "", *ADMIN], PASSWORD),
    ("init-dot", ["init", ".", "--practice", "X", "--admin", "ann", "--password-stdin"], PASSWORD),
    ("init-root", ["init", "/", "--practice", "X", "--admin", "ann", "--password-stdin"], PASSWORD),
    ("init-empty", ["init", "", "--practice", "X", "--admin", "ann", "--password-stdin"], PASSWORD),
    (
        "init-dangling-symlink",
        ["init", "{dangling}", "--practice", "X", "--admin", "ann", "--password-stdin"],
        PASSWORD,
    ),
    ("restore-to-dot", ["restore", "{backup}", "--to", ".", *ADMIN], PASSWORD),
    ("restore-to-empty", ["restore", "{backup}", "--to", "", *ADMIN], PASSWORD),
    ("backup-to-empty", ["backup", "--vault", "{vault}", "--to", "", "--key-file", "{key}"], ""),
    ("demo-empty", ["demo", "create", ""], ""),
    ("demo-root", ["demo", "create", "/"], ""),
    # far dates and huge numbers
    (
        "until-9999",
        ["audit", "export", "--out", "{dir}/a.csv", "--until", "9999-12-31", "--vault", "{vault}", *ADMIN],
        PASSWORD,
    ),
    (
        "since-0001",
        [
            "audit",
            "export",
            "--out",
            "{dir}/a.csv",
            "--since",
            "0001-01-01",
            "--until",
            "0001-01-01",
            "--vault",
            "{vault}",
            "--filter-user",
            "nobody-at-all",
            *ADMIN,
        ],
        PASSWORD,
    ),
    (
        "patient-huge",
        [
            "audit",
            "export",
            "--out",
            "{dir}/a.csv",
            "--patient",
            "99999999999999999999",
            "--vault",
            "{vault}",
            *ADMIN,
        ],
        PASSWORD,
    ),
    (
        "patient-negative",
        ["audit", "export", "--out", "{dir}/a.csv", "--patient", "-5", "--vault", "{vault}", *ADMIN],
        PASSWORD,
    ),
    ("demo-patients-huge", ["demo", "create", "{dir}/demo", "--patients", "99999999999999999999"], ""),
    ("demo-seed-huge", ["demo", "create", "{dir}/demo", "--patients", "1", "--seed", "9" * 5000], ""),
    # special files
    ("verify-proc-mem", ["backup", "verify", "/proc/self/mem", *ADMIN], PASSWORD),
    ("restore-proc-mem", ["restore", "/proc/self/mem", "--to", "{dir}/new.ccvault", *ADMIN], PASSWORD),
    ("verify-fifo", ["backup", "verify", "{fifo}", *ADMIN], PASSWORD),
    ("restore-fifo", ["restore", "{fifo}", "--to", "{dir}/new.ccvault", *ADMIN], PASSWORD),
    ("verify-key-file-fifo", ["backup", "verify", "{backup}", "--key-file", "{fifo}"], ""),
    ("backup-key-file-fifo", ["backup", "--vault", "{vault}", "--to", "{dir}/b", "--key-file", "{fifo}"], ""),
    (
        "backup-key-file-proc-mem",
        ["backup", "--vault", "{vault}", "--to", "{dir}/b", "--key-file", "/proc/self/mem"],
        "",
    ),
    ("vault-fifo", ["users", "list", "--vault", "{fifo}", *ADMIN], PASSWORD),
    ("export-to-fifo", ["audit", "export", "--out", "{fifo}", "--vault", "{vault}", *ADMIN], PASSWORD),
    ("export-to-device", ["audit", "export", "--out", "{device}", "--vault", "{vault}", *ADMIN], PASSWORD),
    ("export-to-symlink", ["audit", "export", "--out", "{link}", "--vault", "{vault}", *ADMIN], PASSWORD),
    ("export-to-folder", ["audit", "export", "--out", "{dir}", "--vault", "{vault}", *ADMIN], PASSWORD),
    # control characters, terminal escapes, huge and undecodable input
    (
        "init-state-newline",
        [
            "init",
            "{dir}/n.ccvault",
            "--practice",
            "X",
            "--admin",
            "ann",
            "--state",
            "M\nA",
            "--password-stdin",
        ],
        PASSWORD,
    ),
    ("vault-ansi", ["users", "list", "--vault", ANSI, *ADMIN], PASSWORD),
    ("user-ansi", ["users", "list", "--vault", "{vault}", "--user", ANSI, "--password-stdin"], PASSWORD),
    (
        "practice-cr",
        ["init", "{dir}/n.ccvault", "--practice", "Elm\rClinic", "--admin", "ann", "--password-stdin"],
        PASSWORD,
    ),
    (
        "full-name-nul-ish",
        ["users", "add", "zed", "--full-name", "Zed\x7fZ", "--role", "nurse", "--vault", "{vault}", *ADMIN],
        PASSWORD + "tulip meadow 4821 garnet\n",
    ),
    ("vault-128k", ["users", "list", "--vault", HUGE, *ADMIN], PASSWORD),
    (
        "filter-user-128k",
        ["audit", "export", "--out", "{dir}/a.csv", "--filter-user", HUGE, "--vault", "{vault}", *ADMIN],
        PASSWORD,
    ),
    (
        "role-128k",
        ["users", "add", "zed", "--full-name", "Zed", "--role", HUGE, "--vault", "{vault}", *ADMIN],
        PASSWORD + "tulip meadow 4821 garnet\n",
    ),
    (
        "date-ansi",
        ["audit", "export", "--out", "{dir}/a.csv", "--since", ANSI, "--vault", "{vault}", *ADMIN],
        PASSWORD,
    ),
    (
        "out-not-utf8",
        ["audit", "export", "--out", "{dir}/" + NOT_UTF8 + ".csv", "--vault", "{vault}", *ADMIN],
        PASSWORD,
    ),
    (
        "backup-to-not-utf8",
        ["backup", "--vault", "{vault}", "--to", "{dir}/" + NOT_UTF8, "--key-file", "{key}"],
        "",
    ),
    (
        "full-name-not-utf8",
        ["users", "add", "zed", "--full-name", NOT_UTF8, "--role", "nurse", "--vault", "{vault}", *ADMIN],
        PASSWORD + "tulip meadow 4821 garnet\n",
    ),
    (
        "restore-to-not-utf8",
        ["restore", "{backup}", "--to", "{dir}/" + NOT_UTF8 + ".ccvault", *ADMIN],
        PASSWORD,
    ),
    (
        "stdin-not-utf8",
        ["users", "add", "zed", "--full-name", "Zed", "--role", "nurse", "--vault", "{vault}", *ADMIN],
        ADMIN_PASSWORD.encode() + b"\ntulip \xff\xfe meadow 4821\n",
    ),
    ("stdin-password-not-utf8", ["users", "list", "--vault", "{vault}", *ADMIN], b"\xc3\x28 not utf-8\n"),
    # argparse's own refusals
    ("unknown-action", ["users", "frobnicate"], ""),
    ("missing-argument", ["users", "add"], ""),
    ("not-an-int", ["demo", "create", "{dir}/demo", "--patients", "many"], ""),
    ("unknown-option", ["--bogus"], ""),
    ("no-command", [], ""),
    ("unknown-option-ansi", ["users", "list", ANSI], ""),
]


def _fill(text: str, places: dict[str, Path]) -> str:
    for name, value in places.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _tree(root: Path) -> dict[str, tuple[int, str]]:
    """Every path under `root` with its type and (for regular files outside the vault's own) a digest."""
    seen: dict[str, tuple[int, str]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            mode = path.lstat().st_mode
            digest = ""
            if stat.S_ISREG(mode) and ".ccvault" not in name:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            seen[str(path.relative_to(root))] = (stat.S_IFMT(mode), digest)
    return seen


# The vault's own sidecars change on any sign-in attempt by design (its lock, the failed sign-in record).
_SIDE = (".lock", ".signin", "-wal", "-shm")


def _comparable(tree: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
    return {k: v for k, v in tree.items() if not k.endswith(_SIDE)}


@pytest.fixture(scope="module")
def hostile_counts() -> Iterator[dict[str, int]]:
    counts = {"inputs": 0, "tracebacks": 0, "hangs": 0, "partial_writes": 0}
    yield counts
    print(f"\nhostile CLI inputs: {counts}")


@pytest.fixture
def places(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)
    key = tmp_path / "nightly.key"
    code, _out, err = run(
        monkeypatch,
        capsys,
        ["backup", "setup-unattended", "--vault", str(practice), *ADMIN, "--key-file", str(key)],
        PASSWORD,
    )
    assert code == 0, err
    session = sign_in(practice, "admin")
    made = backup.back_up_now(session, tmp_path / "backups")
    auth.sign_out(session)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    device = tmp_path / "null-device"
    if os.geteuid() == 0:
        os.mknod(device, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        device = fifo
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    link = tmp_path / "link.csv"
    link.symlink_to(precious)
    dangling = tmp_path / "dangling.ccvault"
    dangling.symlink_to(tmp_path / "nowhere" / "target.ccvault")
    return {
        "vault": practice,
        "dir": tmp_path,
        "backup": made.path,
        "fifo": fifo,
        "key": key,
        "device": device,
        "link": link,
        "dangling": dangling,
    }


@pytest.mark.parametrize(("argv", "stdin"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_refused_in_one_line_and_writes_nothing(
    argv: list[str],
    stdin: str | bytes,
    places: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hostile_counts: dict[str, int],
) -> None:
    argv = [_fill(a, places) for a in argv]
    root = places["dir"]
    before_tree, before_rows = _tree(root), stored_rows(places["vault"])
    hostile_counts["inputs"] += 1
    try:
        with time_limit(HANG_SECONDS):
            code, out, err = run(monkeypatch, capsys, argv, stdin)
    except Hang:
        hostile_counts["hangs"] += 1
        pytest.fail(f"hung for {HANG_SECONDS} s")
    printed = out + err
    if "Traceback" in printed:
        hostile_counts["tracebacks"] += 1
    assert code == 2, printed[-2000:]
    assert printed.count("\n") == 1 and printed.endswith("\n"), printed[-2000:]
    line = printed[:-1]
    assert line.startswith("carecoord: ") and is_plain(line) and len(line) <= 600, line[:600]
    after_tree = _tree(root)
    if _comparable(after_tree) != _comparable(before_tree) or stored_rows(places["vault"]) != before_rows:
        hostile_counts["partial_writes"] += 1
        new = sorted(set(after_tree) - set(before_tree))
        pytest.fail(f"something was written: new {new[:5]}")
    assert (root / "precious.txt").read_text() == "keep me\n"
    assert places["dangling"].is_symlink()
    assert stat.S_ISFIFO(places["fifo"].lstat().st_mode)
