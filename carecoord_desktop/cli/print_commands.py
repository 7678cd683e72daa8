"""`carecoord print DOCUMENT`: the documents the app prints, built headlessly and audited the same way.

Every print command takes --patient MRN --out FILE.pdf --recipient --purpose [--large-print] [--language];
the file is a disclosure (disclosure.save) like Save as PDF in the app, written readable by its owner only.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from carecoord_desktop.cli.admin_commands import signed_in
from carecoord_desktop.cli.arguments import CliError, path_arg
from carecoord_desktop.cli.common import add_vault_args
from carecoord_desktop.documents.catalogue import languages
from carecoord_desktop.domain.disclosures import Purpose, Recipient, RecipientKind
from carecoord_desktop.services import care_plan_documents, patient_lookup, printing, referral_documents
from carecoord_desktop.services.disclosures import Period, check_period
from carecoord_desktop.services.printing import PrintRequest


def _parsed(model: type[Recipient] | type[Purpose], text: str) -> Recipient | Purpose:
    try:
        return model.parse(text)
    except (ValueError, ValidationError) as exc:
        message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise argparse.ArgumentTypeError(message.removeprefix("Value error, ")) from None


def _recipient(text: str) -> Recipient:
    found = _parsed(Recipient, text)
    assert isinstance(found, Recipient)
    return found


def _purpose(text: str) -> Purpose:
    found = _parsed(Purpose, text)
    assert isinstance(found, Purpose)
    return found


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def add_print_args(parser: argparse.ArgumentParser, document: str, *, addressed: bool = False) -> None:
    """The arguments every `carecoord print` command shares; an `addressed` document (a referral's) names
    its patient and recipient itself, so --patient goes and --recipient may be left out."""
    add_vault_args(parser)
    if not addressed:
        parser.add_argument("--patient", required=True, metavar="MRN", help="the patient's MRN")
    parser.add_argument(
        "--out", required=True, type=path_arg, metavar="FILE.pdf", help="where to save the PDF"
    )
    parser.add_argument(
        "--recipient",
        required=not addressed,
        type=_recipient,
        metavar="patient|caregiver:NAME|provider:NAME|other:NAME",
        help="who receives the document (a caregiver must be named on the chart)",
    )
    parser.add_argument(
        "--purpose",
        required=not addressed,
        default=Purpose.parse("treatment") if addressed else None,
        type=_purpose,
        metavar="treatment|patient-request|care-coordination|other:TEXT",
        help="why it is disclosed",
    )
    parser.add_argument("--large-print", action="store_true", help="large print (14 pt body text)")
    parser.add_argument(
        "--language",
        choices=languages(document),
        help="the document's language (default: the patient's preferred language, else English)",
    )


def _save(args: argparse.Namespace, document: str, options: dict[str, Any]) -> int:
    out: Path = args.out
    if out.is_dir():
        raise CliError(f"{out} is a folder; give a file name such as summary.pdf.")
    with signed_in(args) as (session, _):
        recipient: Recipient = args.recipient
        if "referral_id" in options:
            patient_id, addressee = referral_documents.print_target(session, options["referral_id"])
            recipient = recipient or addressee
        else:
            patient_id = patient_lookup.patient_id_for_mrn(session, args.patient)
        request = PrintRequest(
            document, patient_id, language=args.language, large_print=args.large_print, options=options
        )
        doc = printing.prepare(session, request)
        printing.save_pdf(session, doc, out, recipient, args.purpose)
    pages = "1 page" if doc.pages == 1 else f"{doc.pages} pages"
    print(f"Saved {doc.title} ({pages}, {doc.language}) to {out}; recorded as a disclosure.")
    print(f"SHA-256 {doc.sha256}")
    return 0


def _summary(args: argparse.Namespace) -> int:
    return _save(args, "summary", {})


def _med_list(args: argparse.Namespace) -> int:
    return _save(args, "med_list", {})


def _med_rec(args: argparse.Namespace) -> int:
    return _save(args, "med_rec", {} if args.session is None else {"session_id": args.session})


def _accounting(args: argparse.Namespace) -> int:
    options: dict[str, Any] = {"show_all": args.show_all}
    if args.since or args.until:
        if not (args.since and args.until):
            raise CliError("Give both --since and --until, or neither (the last six years).")
        period = Period(args.since, args.until)
        check_period(period)
        options["period"] = period
    return _save(args, "accounting", options)


def _referral(args: argparse.Namespace) -> int:
    document = "fax_cover" if args.fax_cover_only else "referral"
    return _save(args, document, {"referral_id": args.referral})


def _discharge_packet(args: argparse.Namespace) -> int:
    """The patient version for the patient or a caregiver (their language); the provider copy otherwise
    (English unless --language says else)."""
    for_patient = args.recipient.kind in (RecipientKind.PATIENT, RecipientKind.CAREGIVER)
    if not for_patient and args.language is None:
        args.language = "en"
    options: dict[str, Any] = {"version": "patient" if for_patient else "provider", "stay_id": args.stay}
    if args.with_handouts:
        options["handouts"] = "matching"
    return _save(args, "discharge_packet", options)


def _care_plan(args: argparse.Namespace) -> int:
    return _save(args, care_plan_documents.document_for(args.recipient.kind), {})


def register(commands: Any) -> None:
    printing_parser = commands.add_parser(
        "print", help="print patient documents to PDF (audited disclosures)"
    )
    documents = printing_parser.add_subparsers(dest="print_command", metavar="DOCUMENT", required=True)
    p = documents.add_parser("summary", help="the patient summary (face sheet)")
    add_print_args(p, "summary")
    p.set_defaults(handler=_summary)
    p = documents.add_parser("med-list", help="the patient's medication list, with the daily schedule")
    add_print_args(p, "med_list")
    p.set_defaults(handler=_med_list)
    p = documents.add_parser("med-rec", help="a signed medication reconciliation's provider copy")
    add_print_args(p, "med_rec")
    p.add_argument(
        "--session", type=int, metavar="ID", help="the reconciliation's number (default: the latest)"
    )
    p.set_defaults(handler=_med_rec)
    p = documents.add_parser("accounting", help="the accounting of disclosures (HIPAA 164.528)")
    add_print_args(p, "accounting")
    p.add_argument("--since", type=_day, help="first day (YYYY-MM-DD); default six years ago")
    p.add_argument("--until", type=_day, help="last day (YYYY-MM-DD); default today")
    p.add_argument("--show-all", action="store_true", help="every disclosure, for the practice's own review")
    p.set_defaults(handler=_accounting)
    p = documents.add_parser("referral", help="a referral's packet: fax cover sheet and referral letter")
    p.add_argument("--referral", required=True, type=int, metavar="ID", help="the referral's number")
    add_print_args(p, "referral", addressed=True)
    p.add_argument(
        "--fax-cover-only", action="store_true", help="only the fax cover sheet (no clinical information)"
    )
    p.set_defaults(handler=_referral)
    p = documents.add_parser("discharge-packet", help="the discharge packet for a recorded hospital stay")
    add_print_args(p, "discharge_packet")
    p.add_argument("--stay", type=int, metavar="ID", help="the stay's number (default: the latest discharge)")
    p.add_argument(
        "--with-handouts",
        action="store_true",
        help="add the practice handouts that match the patient's conditions and the packet's language",
    )
    p.set_defaults(handler=_discharge_packet)
    p = documents.add_parser(
        "care-plan",
        help="the active care plan (patient version for the patient or a caregiver, else provider)",
    )
    add_print_args(p, "care_plan")
    p.set_defaults(handler=_care_plan)
