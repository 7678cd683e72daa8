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

from carecoord_desktop import __version__
from carecoord_desktop.cli import (
    admin_commands,
    backup_commands,
    demo_commands,
    referral_commands,
    rules_commands,
)
from carecoord_desktop.cli.common import EXIT_BUG, EXIT_USER_ERROR, CliError
from carecoord_desktop.domain.errors import UserError

log = logging.getLogger("carecoord")

# Each module adds its sub-commands; a feature that lands adds one line here.
COMMAND_MODULES = (admin_commands, demo_commands, backup_commands, rules_commands, referral_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carecoord", description="CareCoord Desktop from the command line.")
    parser.add_argument("--version", action="version", version=f"carecoord {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help is 0, a usage error is 2
        return int(exc.code or 0)
    try:
        code = args.handler(args)
        return int(code or 0)
    except (UserError, CliError) as exc:
        message = exc.message if isinstance(exc, UserError) else str(exc)
        print(f"carecoord: {message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("carecoord: interrupted", file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception:
        log.exception("carecoord %s failed", args.command)
        print(
            "carecoord: an unexpected error occurred (a bug). The details are above; please report them.",
            file=sys.stderr,
        )
        import traceback

        traceback.print_exc()
        return EXIT_BUG
