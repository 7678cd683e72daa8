"""The `carecoord` command.

Commands that open a vault take --vault PATH --user NAME and read the password from a TTY prompt, or
from the first line of stdin with --password-stdin (a second line where a second secret is needed).
Exit codes: 0 success, 2 a user error (one line on stderr), 1 a bug.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from carecoord_desktop import file_modes
from carecoord_desktop.build_info import build_info
from carecoord_desktop.cli.arguments import EXIT_BUG, EXIT_USER_ERROR, CliError, Parser, check_arguments
from carecoord_desktop.crash_report import crash_report
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.plain_text import one_line

log = logging.getLogger("carecoord")
MAX_MESSAGE = 500

# Each module (carecoord_desktop/cli/<module>.py) adds its sub-commands; a feature that lands adds one line here.
# Only the module of the command given is imported (`carecoord meds check` needs no vault code, and loading
# every command's services took seconds); --help and a mistyped command load them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "admin_commands": ("init", "users", "audit", "vault", "change-password"),
    "demo_commands": ("demo",),
    "backup_commands": ("backup", "restore"),
    "print_commands": ("print",),
    "patient_commands": ("patients",),
    "rules_commands": ("rules",),
    "referral_commands": ("report",),
    "meds_commands": ("meds",),
}


def _modules_for(arguments: Sequence[str]) -> list[str]:
    command = next((a for a in arguments if not a.startswith("-")), None)
    owners = [module for module, commands in COMMAND_MODULES.items() if command in commands]
    return owners or list(COMMAND_MODULES)


def build_parser(arguments: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = Parser(prog="carecoord", description="CareCoord Desktop from the command line.")
    parser.add_argument("--version", action="version", version=f"carecoord {build_info().label}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _modules_for(arguments):
        importlib.import_module(f"carecoord_desktop.cli.{name}").register(commands)
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
        args = build_parser(arguments).parse_args(arguments)
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
