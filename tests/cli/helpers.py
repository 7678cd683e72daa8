"""Running `carecoord` in-process as a user would: argv, stdin, and what it printed."""

from __future__ import annotations

import contextlib
import io
import signal
from collections.abc import Iterator
from types import FrameType

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


class Hang(Exception):
    """The command ran past its time limit (raised in the main thread by SIGALRM)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise Hang in the code inside when it runs longer than `seconds` (POSIX; no limit elsewhere)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
