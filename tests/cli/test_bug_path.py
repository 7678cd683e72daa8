"""A bug (not a user error) in a command: exit 1, and no patient data in what is printed or logged (issue 7, 7).

The exception's message may quote a value (a name, a date of birth), so the CLI prints and logs the
frames and the exception's type only, like the GUI's crash handler.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from carecoord_desktop.__main__ import install_excepthook
from tests.cli.helpers import run

SECRET = " ".join(["Jane", "Doe", "born", "1950-02-03"])


def _boom(*_a: object, **_k: object) -> None:
    raise ValueError(SECRET)


def test_cli_bug_path_prints_no_exception_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr("carecoord_desktop.cli.demo_commands.create_demo", _boom)
    caplog.set_level(logging.DEBUG)
    code, out, err = run(monkeypatch, capsys, ["demo", "create", str(tmp_path / "demo")])
    assert code == 1
    assert "a bug" in err and "ValueError" in err and "_boom" in err  # the frames are kept for the report
    logged = "\n".join(caplog.text.splitlines() + [r.getMessage() for r in caplog.records])
    for text in (out, err, logged):
        assert "Jane" not in text and "1950" not in text


def test_gui_crash_handler_logs_and_prints_no_exception_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr("carecoord_desktop.ui.dialogs.crash.CrashDialog.exec", lambda _self: 0)
    install_excepthook(tmp_path)
    caplog.set_level(logging.DEBUG)
    try:
        _boom()
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    _out, err = capsys.readouterr()
    logs = [p.read_text(encoding="utf-8") for p in tmp_path.glob("crash-*.log")]
    assert len(logs) == 1 and "ValueError" in logs[0]
    for text in (err, caplog.text, *logs):
        assert "Jane" not in text and "1950" not in text
