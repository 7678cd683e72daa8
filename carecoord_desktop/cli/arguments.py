"""What the command line accepts: checked before any command runs, refused in one plain line.

Every argument must be UTF-8 text without control characters or terminal escapes and at most
MAX_ARGUMENT characters; paths are checked against the limits of the file system (a name of at most
255 bytes, a path of at most 4,095), file arguments must name a file (not ".", "/" or an existing
folder), and numbers and dates are bounded, so nothing runs forever or overflows halfway through.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from carecoord_desktop.domain.plain_text import is_plain

EXIT_USER_ERROR = 2
EXIT_BUG = 1

MAX_ARGUMENT = 4096
MAX_NAME_BYTES = 255
MAX_PATH_BYTES = 4095
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


class CliError(Exception):
    """A user error found by the CLI itself (bad arguments, missing input)."""


class Parser(argparse.ArgumentParser):
    """argparse that refuses in one line (a CliError) instead of printing its usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message[:1].upper()}{message[1:]} (see: {self.prog} --help).")


def check_arguments(argv: Sequence[str]) -> None:
    """Refuse the whole command line before anything runs when one argument is not plain, short text."""
    for arg in argv:
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            raise CliError("An argument is not valid UTF-8 text; nothing was done.")
        if not is_plain(arg):
            raise CliError(
                "An argument holds a control character (such as a newline or a terminal escape); nothing was done."
            )
        if len(arg) > MAX_ARGUMENT:
            raise CliError(f"An argument is longer than {MAX_ARGUMENT:,} characters; nothing was done.")


def path_arg(text: str) -> Path:
    """argparse type for paths: not empty (that would be '.'), within the file system's length limits."""
    if not text.strip():
        raise argparse.ArgumentTypeError("a path cannot be empty")
    if len(os.fsencode(text)) > MAX_PATH_BYTES:
        raise argparse.ArgumentTypeError(f"the path is longer than {MAX_PATH_BYTES:,} bytes")
    if any(len(os.fsencode(part)) > MAX_NAME_BYTES for part in Path(text).parts):
        raise argparse.ArgumentTypeError(
            f"a file or folder name in the path is longer than {MAX_NAME_BYTES} bytes"
        )
    return Path(text)


def file_arg(text: str) -> Path:
    """argparse type for a file (a vault, a backup, a CSV, a key file): a path that names a file, not a folder."""
    path = path_arg(text)
    if path.name in ("", ".", "..") or path.is_dir():
        raise argparse.ArgumentTypeError(f"'{text}' is a folder; give the path of a file")
    return path


def bounded_int(low: int, high: int, what: str) -> Callable[[str], int]:
    """argparse type for a whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 20 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number from {low:,} to {high:,}")
        return value

    return parse


def day_arg(text: str) -> date:
    """argparse type for a day, YYYY-MM-DD, from 1900 to 2999."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range; give a date from {FIRST_DAY} to {LAST_DAY}"
        )
    return day
