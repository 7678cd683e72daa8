"""The `carecoord` command.

Commands that open a vault take --vault PATH --user NAME and read the password from a TTY prompt, or
from the first line of stdin with --password-stdin (a second line where a second secret is needed).
Exit codes: 0 success, 2 a user error (one line on stderr), 1 a bug.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from carecoord_desktop import file_modes
from carecoord_desktop.build_info import build_info
from carecoord_desktop.cli import (
    admin_commands,
    backup_commands,
    demo_commands,
    meds_commands,
    patient_commands,
    print_commands,
    referral_commands,
    rules_commands,
)
from carecoord_desktop.cli.arguments import CliError, Parser, check_arguments
from carecoord_desktop.cli.common import EXIT_BUG, EXIT_USER_ERROR
from carecoord_desktop.crash_report import crash_report
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.plain_text import one_line

log = logging.getLogger("carecoord")
MAX_MESSAGE = 500

# Each module adds its sub-commands; a feature that lands adds one line here.
COMMAND_MODULES = (
    admin_commands,
    demo_commands,
    backup_commands,
    print_commands,
    patient_commands,
    rules_commands,
    referral_commands,
    meds_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="carecoord", description="CareCoord Desktop from the command line.")
    parser.add_argument("--version", action="version", version=f"carecoord {build_info().label}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def _refuse(message: str) -> int:
    """A user error: one plain line on stderr (what it echoes of the input cannot steer the terminal)."""
    print(f"carecoord: {one_line(message, MAX_MESSAGE)}", file=sys.stderr)
    return EXIT_USER_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    previous = file_modes.owner_only()  # everything a command writes is its owner's only
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        file_modes.restore(previous)


def _run(arguments: list[str]) -> int:
    try:
        check_arguments(arguments)
        args = build_parser().parse_args(arguments)
    except CliError as exc:
        return _refuse(str(exc))
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    try:
        code = args.handler(args)
        return int(code or 0)
    except (UserError, CliError) as exc:
        return _refuse(exc.message if isinstance(exc, UserError) else str(exc))
    except KeyboardInterrupt:
        return _refuse("interrupted")
    except Exception as exc:
        # The message may quote patient data: frames and type only, as the GUI's crash handler does.
        log.error("carecoord %s failed with %s", args.command, type(exc).__qualname__)
        print(
            "carecoord: an unexpected error occurred (a bug). Where it happened is below (without the data "
            "involved); please report it.",
            file=sys.stderr,
        )
        print(crash_report(type(exc), exc, exc.__traceback__), file=sys.stderr, end="")
        return EXIT_BUG
