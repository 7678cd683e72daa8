"""report referrals: the referral metrics for a period, as one JSON object."""

from __future__ import annotations

import argparse
import json
from typing import Any

from carecoord_desktop.cli.common import Secrets, add_vault_args, open_session
from carecoord_desktop.cli.rules_commands import parse_date
from carecoord_desktop.services import auth
from carecoord_desktop.services.referral_metrics import referral_report


def _report(args: argparse.Namespace) -> int:
    session = open_session(args, Secrets(args.password_stdin))
    try:
        figures = referral_report(session, args.start, args.end)
    finally:
        auth.sign_out(session)
    print(json.dumps(figures, indent=2))
    return 0


def register(commands: Any) -> None:
    reports = commands.add_parser("report", help="figures for a period, as JSON").add_subparsers(
        dest="report_command", metavar="REPORT", required=True
    )
    p = reports.add_parser("referrals", help="loop closure, timeliness, no-show and decline rates, overdue")
    p.add_argument(
        "--from", dest="start", required=True, type=parse_date, help="first referral date, YYYY-MM-DD"
    )
    p.add_argument("--to", dest="end", required=True, type=parse_date, help="last referral date, YYYY-MM-DD")
    add_vault_args(p)
    p.set_defaults(handler=_report)
