"""What every command shares: reading secrets safely and opening a vault as a user."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from carecoord_desktop.cli.arguments import EXIT_BUG, EXIT_USER_ERROR, CliError, file_arg
from carecoord_desktop.services import auth
from carecoord_desktop.services.session import Session

__all__ = ["EXIT_BUG", "EXIT_USER_ERROR", "Secrets"]


def _prompt(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CliError("No password was typed (end of input).") from None


class Secrets:
    """Reads passwords from a TTY prompt, or line by line from stdin with --password-stdin. Never from argv."""

    def __init__(self, from_stdin: bool, stream: TextIO | None = None) -> None:
        self.from_stdin = from_stdin
        self._stream = stream
        self._lines: list[str] | None = None

    def _stdin_lines(self) -> list[str]:
        """Every line of stdin, read and decoded at once: bytes that are not UTF-8 refuse it all."""
        if self._lines is None:
            stream = self._stream or sys.stdin
            raw = getattr(stream, "buffer", None)
            try:
                text = raw.read().decode("utf-8") if raw is not None else stream.read()
            except UnicodeDecodeError:
                text = "\udcff"
            if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
                raise CliError("--password-stdin: stdin is not UTF-8 text; nothing was done.")
            self._lines = [line.rstrip("\r\n") for line in text.splitlines()]
        return self._lines

    def read(self, prompt: str, index: int) -> str:
        if self.from_stdin:
            lines = self._stdin_lines()
            if index >= len(lines) or not lines[index]:
                ordinal = ("first", "second", "third")[index]
                raise CliError(
                    f"--password-stdin: expected the {prompt.lower().rstrip(': ')} on the {ordinal} line of stdin."
                )
            return lines[index]
        if not sys.stdin.isatty():
            raise CliError("No terminal to ask for the password; pass it on stdin with --password-stdin.")
        return _prompt(prompt)

    def read_new(self, prompt: str, index: int) -> tuple[str, str]:
        """A new secret: from stdin once (the caller checks it), or typed twice at a prompt."""
        first = self.read(prompt, index)
        if self.from_stdin:
            return first, first
        return first, _prompt("Repeat it: ")


def add_vault_args(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    parser.add_argument("--vault", required=True, type=file_arg, help="path of the .ccvault file")
    if user:
        parser.add_argument("--user", required=True, help="your staff username")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )


def open_session(args: argparse.Namespace, secrets: Secrets) -> Session:
    password = secrets.read("Password: ", 0)
    session = auth.sign_in(args.vault, args.user, password)
    for warning in session.warnings:  # a vault behind its anchor: said on stderr, the command goes on
        print(f"carecoord: warning: {warning}", file=sys.stderr)
    return session
