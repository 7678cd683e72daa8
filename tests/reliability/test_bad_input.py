"""Bad input: hypothesis values for every pydantic input model and every CLI command.

Each value is accepted or refused with a specific message, never a traceback; a refusal changes no
stored row. Models and commands are discovered at run time, so ones added later are covered too.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import io
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import carecoord_desktop.domain as domain_pkg
from carecoord_desktop.cli import build_parser, main
from carecoord_desktop.domain.backup_policy import BackupPolicy
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.plain_text import is_plain
from carecoord_desktop.services import auth, backup, practice
from carecoord_desktop.storage.db import connect_raw
from carecoord_desktop.storage.keys import KeySlotsFile
from tests.cli.helpers import Hang, time_limit
from tests.conftest import ADMIN_PASSWORD, sign_in

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def input_models() -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for info in pkgutil.iter_modules(domain_pkg.__path__):
        module = importlib.import_module(f"{domain_pkg.__name__}.{info.name}")
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, BaseModel)
                and obj is not BaseModel
                and obj.__module__.startswith(domain_pkg.__name__)
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


MODELS = input_models()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(
        ["", " ", "\x00", "2026-02-30", "1900-01-01", "+1 617 555 0142", "A" * 5000, "../../etc", "🙂"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def test_models_were_found() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"PracticeSettings", "BackupPolicy"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@FUZZ
@given(data=st.data())
def test_every_model_accepts_or_refuses_with_a_message(model: type[BaseModel], data: st.DataObject) -> None:
    fields = list(model.model_fields)
    raw = data.draw(
        st.dictionaries(
            st.sampled_from(fields) if fields else st.text(max_size=5), values, max_size=len(fields) + 1
        )
    )
    if data.draw(st.booleans()):
        raw[data.draw(st.text(max_size=6))] = data.draw(values)
    try:
        model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            assert str(error["msg"]).strip(), error
    except (ValueError, TypeError) as exc:  # pragma: no cover - a validator leaked a raw error
        pytest.fail(f"{model.__name__} raised {type(exc).__name__} instead of a validation message: {exc}")


# The audit trail and what seals it grow with every entry, refusals included, by design.
AUDIT_TABLES = ("audit_log", "audit_head", "audit_seals", "audit_sealing_key")


def stored_rows(vault: Path) -> str:
    """A digest of every table except the audit trail's (which records refusals by design)."""
    keys = KeySlotsFile.load(vault.with_name(vault.name + ".keys"))
    dek = keys.unwrap_any("user", "admin", ADMIN_PASSWORD.encode())
    conn = connect_raw(vault, dek, readonly=True)
    try:
        digest = hashlib.sha256()
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        for table in tables:
            if table in AUDIT_TABLES or table.startswith("sqlite_"):
                continue
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from([*BackupPolicy.model_fields, "bogus"]), values, min_size=1, max_size=4
    )
)
def test_backup_settings_refusals_change_nothing(practice: Path, changes: dict[str, Any]) -> None:
    session = sign_in(practice, "admin")
    try:
        before = stored_rows(practice)
        try:
            backup.save_backup_policy(session, changes)
        except ValidationFailed as exc:
            assert exc.message and exc.field_errors
            assert stored_rows(practice) == before
    finally:
        auth.sign_out(session)


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from(
            [
                "practice_name",
                "time_zone",
                "country",
                "state",
                "idle_lock_minutes",
                "allow_stay_signed_in",
                "backup_policy_days",
            ]
        ),
        values,
        min_size=1,
        max_size=4,
    )
)
def test_practice_settings_refusals_change_nothing(practice: Path, changes: dict[str, Any]) -> None:
    session = sign_in(practice, "admin")
    try:
        before = stored_rows(practice)
        try:
            practice_module_update(session, changes)
        except ValidationFailed as exc:
            assert exc.message
            assert stored_rows(practice) == before
    finally:
        auth.sign_out(session)


def practice_module_update(session: Any, changes: dict[str, Any]) -> None:
    practice.update_settings(session, **changes)


# -- CLI ---------------------------------------------------------------------------------------------------
def command_paths() -> list[tuple[list[str], Any]]:
    """Every runnable command (with its sub-parser), e.g. (["users", "add"], parser)."""
    import argparse

    found: list[tuple[list[str], Any]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or not subs[0].required:
            found.append((path, parser))
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, [*path, name])

    walk(build_parser(), [])
    return [(p, parser) for p, parser in found if p]


COMMANDS = command_paths()


def test_every_command_is_fuzzed() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"backup", "backup verify", "restore", "init", "users add"} <= names


@pytest.fixture
def sandbox(
    practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)  # relative paths typed at random land here
    session = sign_in(practice, "admin")
    made = backup.back_up_now(session, tmp_path / "backups")
    auth.sign_out(session)
    junk = tmp_path / "junk.ccbackup"
    junk.write_bytes(b"CCBACKUP\x00\x01\x00\x00\x00\x05{}{}{")
    return {
        "vault": practice,
        "backup": made.path,
        "junk": junk,
        "missing": tmp_path / "missing.ccvault",
        "dir": tmp_path,
    }


FUZZ_COUNTS = {"inputs": 0, "tracebacks": 0, "hangs": 0, "partial_writes": 0}
HANG_SECONDS = 60


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz_counts() -> Iterator[None]:
    yield
    if FUZZ_COUNTS["inputs"]:
        print(f"\nCLI fuzz: {FUZZ_COUNTS}")


def _files(root: Path) -> dict[str, int]:
    """Every path under `root` (not the vault's own files, which sign-ins touch by design) and its size."""
    return {
        str(p.relative_to(root)): p.lstat().st_size if p.is_file() else -1
        for p in root.rglob("*")
        if ".ccvault" not in p.name
    }


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[0]))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_cli_command_refuses_cleanly(
    command: tuple[list[str], Any],
    data: st.DataObject,
    sandbox: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Random arguments: exit 0, or exit 2 with exactly one plain line in all and nothing written."""
    path, parser = command
    if path[:2] == ["demo", "create"]:
        monkeypatch.setattr("carecoord_desktop.cli.demo_commands.create_demo", _tiny_demo)
    options = [s for a in parser._actions for s in a.option_strings if s not in ("-h", "--help")]
    token = st.one_of(
        st.sampled_from(options) if options else st.nothing(),
        st.sampled_from(
            [str(v) for v in sandbox.values()]
            + ["admin", "nina", "nurse", "-1", "0", "99999999", "2026-13-01", "9999-12-31", ".", "/", ""]
        ),
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
        ),
    )
    argv = [*path, *data.draw(st.lists(token, max_size=7))]
    stdin = data.draw(
        st.sampled_from(["", ADMIN_PASSWORD + "\n", "wrong\n", ADMIN_PASSWORD + "\nshort\n", "\n\n\n"])
    )
    before, files_before = stored_rows(sandbox["vault"]), _files(sandbox["dir"])
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    FUZZ_COUNTS["inputs"] += 1
    try:
        with time_limit(HANG_SECONDS):
            code = main(argv)
    except Hang:
        FUZZ_COUNTS["hangs"] += 1
        raise
    out, err = capsys.readouterr()
    if "Traceback" in out + err:
        FUZZ_COUNTS["tracebacks"] += 1
    assert code in (0, 2), f"{argv!r} exited {code}: {err}"
    assert "Traceback" not in err and "Traceback" not in out, argv
    if code == 2:
        printed = out + err
        assert printed.count("\n") == 1 and err.startswith("carecoord: "), f"{argv!r}: {printed[:2000]!r}"
        assert is_plain(printed.rstrip("\n")), f"{argv!r} echoed control characters"
        if stored_rows(sandbox["vault"]) != before or _files(sandbox["dir"]) != files_before:
            FUZZ_COUNTS["partial_writes"] += 1
            pytest.fail(f"{argv!r} was refused but wrote something")


def _tiny_demo(folder: Path, *, patients: int = 0, seed: int = 1) -> Path:
    from carecoord_desktop.services.demo import create_demo

    return create_demo(folder, patients=min(max(patients, 0), 3), seed=seed)


def user_error_types() -> list[type[UserError]]:
    """Every UserError subclass in the non-UI packages (imported first, so ones added later count too)."""
    import carecoord_desktop

    for info in pkgutil.walk_packages(carecoord_desktop.__path__, f"{carecoord_desktop.__name__}."):
        skip = ("carecoord_desktop.ui", "carecoord_desktop.storage.migrations", "carecoord_desktop.app")
        if not info.name.startswith(skip) and not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: list[type[UserError]] = []
    pending: list[type[UserError]] = [UserError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _instance(cls: type[UserError]) -> UserError:
    """One of `cls`, whatever its constructor asks for (a sentence, a number of seconds, a list of losses)."""
    args: list[object] = []
    for param in list(inspect.signature(cls).parameters.values()):
        if param.default is not inspect.Parameter.empty or param.kind is param.VAR_KEYWORD:
            continue
        annotation = str(param.annotation)
        args.append(5 if annotation == "int" else [] if "Sequence" in annotation else "A plain sentence.")
    return cls(*args)


@pytest.mark.parametrize("error_type", user_error_types(), ids=lambda c: c.__qualname__)
def test_every_refusal_type_is_one_plain_line_and_exit_2(
    error_type: type[UserError],
    practice: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    error = _instance(error_type)

    def refuse(*_a: object, **_k: object) -> None:
        raise error

    monkeypatch.setattr("carecoord_desktop.services.backup_unattended.unattended_backup", refuse)
    code = main(["backup", "--vault", str(practice)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == f"carecoord: {error.message}\n" and err.count("\n") == 1
    assert error.message.strip() and "Traceback" not in err
