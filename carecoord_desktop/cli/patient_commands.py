"""`carecoord patients search`: find a patient's MRN from a script."""

from __future__ import annotations

import argparse
import json
from typing import Any

from carecoord_desktop.cli.admin_commands import signed_in
from carecoord_desktop.cli.common import add_vault_args
from carecoord_desktop.domain.patients import PatientStatus, display_name
from carecoord_desktop.services import patient_lookup


def _search(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        rows = patient_lookup.search(session, args.text)
    found = [
        {
            "mrn": r.mrn,
            "name": display_name(r.family_name, r.given_name, r.preferred_name),
            "date_of_birth": r.date_of_birth.isoformat(),
            "deceased": r.status == PatientStatus.DECEASED.value,
        }
        for r in rows
    ]
    print(json.dumps(found, ensure_ascii=False, indent=2))
    return 0


def register(commands: Any) -> None:
    patients = commands.add_parser("patients", help="find patients").add_subparsers(
        dest="patients_command", metavar="ACTION", required=True
    )
    p = patients.add_parser("search", help="quick search (name, MRN, date of birth, phone); prints JSON")
    p.add_argument("text", help="what to search for, as in the app's quick search")
    add_vault_args(p)
    p.set_defaults(handler=_search)
