"""Running `carecoord` in-process as a user would: argv, stdin, and what it printed."""

from __future__ import annotations

import io

import pytest

from carecoord_desktop.cli import main


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str | bytes = "",
) -> tuple[int, str, str]:
    """Run `carecoord argv`; `stdin` as bytes arrives as a real stdin would (a UTF-8 text stream over bytes)."""
    raw = stdin if isinstance(stdin, bytes) else stdin.encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
