"""rules: computed rules checked headlessly, without a vault (architecture.md: `carecoord rules ...`)."""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from typing import Any

import holidays as holiday_tables

from carecoord_desktop.cli.arguments import CliError
from carecoord_desktop.domain.calendar import PracticeCalendar, add_business_days


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _business_days(args: argparse.Namespace) -> int:
    country, subdiv = args.country.upper(), (args.subdiv or "").upper()
    supported = holiday_tables.list_supported_countries()
    if country not in supported:
        raise CliError(f"--country {args.country}: not a country the holiday tables know (e.g. US, CA, GB).")
    if subdiv and subdiv not in supported[country]:
        raise CliError(
            f"--subdiv {args.subdiv}: not a subdivision of {country} (e.g. {supported[country][0]})."
        )
    if args.days < 0:
        raise CliError("--days must be 0 or more.")
    calendar = PracticeCalendar.of(country, subdiv)
    result = add_business_days(args.start, args.days, calendar)
    skipped, day = [], args.start + timedelta(days=1)
    while day < result:
        if not calendar.is_business_day(day):
            skipped.append(day.isoformat())
        day += timedelta(days=1)
    out = {"from": args.start.isoformat(), "days": args.days, "date": result.isoformat(), "skipped": skipped}
    print(json.dumps(out))
    return 0


def register(commands: Any) -> None:
    rules = commands.add_parser("rules", help="check computed rules (no vault needed)").add_subparsers(
        dest="rules_command", metavar="RULE", required=True
    )
    p = rules.add_parser(
        "business-days",
        help="the n-th business day after a date (day 1 is the first business day after --from)",
    )
    p.add_argument(
        "--from", dest="start", required=True, type=parse_date, help="start date, YYYY-MM-DD (never counts)"
    )
    p.add_argument("--days", required=True, type=int, help="business days to count")
    p.add_argument("--country", default="US", help="ISO country code for public holidays (default US)")
    p.add_argument("--subdiv", default="", help="state or province code, e.g. MA")
    p.set_defaults(handler=_business_days)
