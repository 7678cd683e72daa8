"""The crash handler writes the traceback without the exception's message, and the dialog names the log."""

from __future__ import annotations

import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from carecoord_desktop.__main__ import crash_report, parse_args, write_crash_log
from carecoord_desktop.ui.dialogs.crash import CrashDialog


def test_crash_log_has_frames_but_not_the_message(tmp_path: Path) -> None:
    secret = " ".join(["Jane", "Doe", "born", "1950-02-03"])  # not on the raising line, which is quoted
    try:
        raise ValueError(secret)
    except ValueError:
        exc_type, exc, tb = sys.exc_info()
    assert exc_type is not None and exc is not None
    report = crash_report(exc_type, exc, tb)
    assert "test_crash_log_has_frames_but_not_the_message" in report
    assert "ValueError" in report
    assert "Jane Doe" not in report and "1950" not in report
    path = write_crash_log(tmp_path, report)
    assert path is not None and path.read_text(encoding="utf-8") == report


def test_crash_dialog_shows_log_path(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog(tmp_path / "crash.log")
    qtbot.addWidget(dialog)
    assert dialog.path_label.text() == str(tmp_path / "crash.log")


def test_arguments() -> None:
    args = parse_args(["--demo", "--vault", "/tmp/x.ccvault"])
    assert args.demo and args.vault == Path("/tmp/x.ccvault")
