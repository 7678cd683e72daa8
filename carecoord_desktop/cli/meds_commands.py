"""meds: check a FHIR R4 Bundle's active medicines with the comparison engine, without a vault.

    carecoord meds check FILE

Prints one JSON object: the patient, the active medicines (with RxNorm ingredients), the entries that could not be
read and why, and the interaction, duplication and allergy findings. Exit 0 with or without findings; exit 2 with
one line when the file is not a readable FHIR Bundle. When the bundled interaction table cannot be loaded, a line
on stderr says interaction checking is unavailable (never silently off).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from carecoord_desktop.cli.arguments import file_arg
from carecoord_desktop.domain.med_comparison import check_list
from carecoord_desktop.interop.drug_data import interactions_or_none, load_allergy_classes, load_vocabulary
from carecoord_desktop.interop.fhir_medications import read_file


def _check(args: argparse.Namespace) -> int:
    imported = read_file(args.file, load_vocabulary(), bundle_only=True)
    interactions = interactions_or_none()
    if interactions is None:
        print(
            "carecoord: interaction checking is unavailable (the bundled table could not be read).",
            file=sys.stderr,
        )
    findings = check_list(
        imported.active,
        allergies=imported.allergies,
        interactions=interactions,
        allergy_classes=load_allergy_classes(),
    )
    out: dict[str, Any] = {
        "patient": {"id": imported.patient_id, "name": imported.patient_name}
        if imported.patient_id
        else None,
        "medications": [
            {"display": m.display, "rxnorm": m.rxnorm, "ingredients": list(m.ingredients)}
            for m in imported.active
        ],
        "unread": [{"entry": u.what, "why": u.why} for u in imported.unread],
        "findings": [
            {
                "type": f.type.value,
                "ingredients": list(f.ingredients),
                "explanation": f.explanation,
                "source": f.source,
            }
            for f in findings
        ],
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def register(commands: Any) -> None:
    meds = commands.add_parser("meds", help="medication checks (no vault needed)").add_subparsers(
        dest="meds_command", metavar="CHECK", required=True
    )
    p = meds.add_parser(
        "check",
        help="interactions, duplications and allergy conflicts among a FHIR R4 Bundle's active medicines",
    )
    p.add_argument("file", type=file_arg, metavar="FILE", help="a FHIR R4 Bundle (JSON)")
    p.set_defaults(handler=_check)
