"""rules: computed rules checked headlessly, without a vault (architecture.md: `carecoord rules ...`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import holidays as holiday_tables

from carecoord_desktop.cli.arguments import CliError
from carecoord_desktop.domain.calendar import PracticeCalendar, add_business_days
from carecoord_desktop.domain.readmission_risk import RiskScore, hospital, lace
from carecoord_desktop.domain.transitions import Complexity, tcm_dates


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _calendar(args: argparse.Namespace) -> PracticeCalendar:
    """The holiday calendar named by --country/--subdiv, refused in a plain sentence when unknown."""
    country, subdiv = args.country.upper(), (args.subdiv or "").upper()
    supported = holiday_tables.list_supported_countries()
    if country not in supported:
        raise CliError(f"--country {args.country}: not a country the holiday tables know (e.g. US, CA, GB).")
    if subdiv and subdiv not in supported[country]:
        raise CliError(
            f"--subdiv {args.subdiv}: not a subdivision of {country} (e.g. {supported[country][0]})."
        )
    return PracticeCalendar.of(country, subdiv)


def _business_days(args: argparse.Namespace) -> int:
    if args.days < 0:
        raise CliError("--days must be 0 or more.")
    calendar = _calendar(args)
    result = add_business_days(args.start, args.days, calendar)
    skipped, day = [], args.start + timedelta(days=1)
    while day < result:
        if not calendar.is_business_day(day):
            skipped.append(day.isoformat())
        day += timedelta(days=1)
    out = {"from": args.start.isoformat(), "days": args.days, "date": result.isoformat(), "skipped": skipped}
    print(json.dumps(out))
    return 0


def _tcm(args: argparse.Namespace) -> int:
    dates = tcm_dates(args.discharge, _calendar(args))
    out = {
        "discharge": dates.discharge.isoformat(),
        "contact_due": dates.contact_due.isoformat(),
        "visit_due_high": dates.visit_due_high.isoformat(),
        "visit_due_moderate": dates.visit_due_moderate.isoformat(),
        "med_rec_due": dates.med_rec_due.isoformat(),
        "period_end": dates.period_end.isoformat(),
    }
    if args.complexity:
        complexity = Complexity(args.complexity)
        out |= {"complexity": complexity.value, "visit_due": dates.visit_due(complexity).isoformat()}
    print(json.dumps(out))
    return 0


def _count(name: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{name} cannot be negative")
        return value

    return parse


def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "no"):
        return text.lower() == "yes"
    raise argparse.ArgumentTypeError(f"'{text}' is not yes or no")


def _print_score(score: RiskScore) -> int:
    assert score.score is not None and score.band is not None  # every input is required on the command line
    print(json.dumps({"score": score.score, "points": score.points, "band": score.band.value}))
    return 0


def _lace(args: argparse.Namespace) -> int:
    return _print_score(
        lace(
            length_of_stay_days=args.los,
            acute_admission=args.acute,
            charlson=args.charlson,
            ed_visits_6m=args.ed_visits,
        )
    )


def _hospital(args: argparse.Namespace) -> int:
    return _print_score(
        hospital(
            haemoglobin_low=args.hb_low,
            oncology=args.oncology,
            sodium_low=args.sodium_low,
            procedure=args.procedure,
            urgent=args.urgent,
            admissions_12m=args.admissions,
            length_of_stay_days=args.los,
        )
    )


def _calendar_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--country", default="US", help="ISO country code for public holidays (default US)")
    p.add_argument("--subdiv", default="", help="state or province code, e.g. MA")


def _register_readmission_rules(rules: Any) -> None:
    p = rules.add_parser("tcm", help="TCM deadlines for a discharge date (domain.md 3.1)")
    p.add_argument("--discharge", required=True, type=parse_date, help="discharge date, YYYY-MM-DD (day 0)")
    p.add_argument(
        "--complexity", choices=[c.value for c in Complexity], help="adds visit_due for this track"
    )
    _calendar_arguments(p)
    p.set_defaults(handler=_tcm)
    p = rules.add_parser("lace", help="the LACE index (domain.md 6.1)")
    p.add_argument(
        "--los", required=True, type=_count("--los"), help="length of stay in days, as the table takes it"
    )
    p.add_argument("--acute", required=True, type=_yes_no, help="acute (emergent) admission: yes or no")
    p.add_argument(
        "--charlson", required=True, type=_count("--charlson"), help="Charlson score (LACE weights)"
    )
    p.add_argument(
        "--ed-visits", required=True, type=_count("--ed-visits"), help="ED visits in the 6 months before"
    )
    p.set_defaults(handler=_lace)
    p = rules.add_parser("hospital", help="the HOSPITAL score (domain.md 6.2)")
    for flag, what in (
        ("--hb-low", "haemoglobin at discharge below 12 g/dL"),
        ("--oncology", "discharged from an oncology service"),
        ("--sodium-low", "sodium at discharge below 135 mmol/L"),
        ("--procedure", "a procedure during the stay"),
        ("--urgent", "urgent or emergent admission"),
    ):
        p.add_argument(flag, required=True, type=_yes_no, help=f"{what}: yes or no")
    p.add_argument(
        "--admissions",
        required=True,
        type=_count("--admissions"),
        help="admissions in the previous 12 months",
    )
    p.add_argument("--los", required=True, type=_count("--los"), help="length of stay in days")
    p.set_defaults(handler=_hospital)


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
    _calendar_arguments(p)
    p.set_defaults(handler=_business_days)
    _register_readmission_rules(rules)
