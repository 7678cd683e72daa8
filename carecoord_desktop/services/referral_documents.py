"""What the referral packet and its fax cover print, read for the printed-documents layer (print_sources).

The packet (cover and letter) is clinical: the printing layer lets only roles with the clinical view prepare it.
The fax cover alone carries no clinical word, but its page count is the packet's, so it is counted here from
the same letter the packet prints; the letter's content never leaves this module on that path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.patient_summary import PhoneEntry
from carecoord_desktop.documents.referral_letter import (
    FaxCover,
    Party,
    ReferralClinical,
    ReferralLetter,
    packet_pages,
)
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.disclosures import Recipient, RecipientKind
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referral_forms import ClinicalInfo
from carecoord_desktop.services.patient_records import read_patient, staff_names
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import directory_repo, referrals_repo


def _phone(number: str | None) -> str | None:
    return format_phone(number) if number else None


def _referral_id(options: Mapping[str, Any]) -> int:
    referral_id = options.get("referral_id")
    if not isinstance(referral_id, int) or referral_id <= 0:
        raise ValidationFailed("Choose the referral to print.")
    return referral_id


def _clinical(conn: Connection, patient_id: int, row: dict[str, Any]) -> ReferralClinical:
    """The chosen problems, medications and attachments; allergies from the chart where it has them (every
    allergy goes, not a choice), else those chosen on the referral."""
    chosen = ClinicalInfo.model_validate(row["clinical_info"])
    chart = read_patient(conn, patient_id).clinical
    allergies = tuple(a.as_line() for a in chart.allergies) or chosen.allergies
    return ReferralClinical(
        question=row["clinical_question"] or None,
        problems=chosen.problems,
        medications=chosen.medications,
        allergies=allergies,
        no_known_allergies=chart.no_known_allergies and not allergies,
        attachments=chosen.attachments,
    )


def _letter(
    conn: Connection, chart: Chart, frame: FrameFacts, clinical: bool, referral_id: int
) -> ReferralLetter:
    row = referrals_repo.get(conn, referral_id)
    if int(row["patient_id"]) != chart.id:
        raise ValidationFailed("That referral belongs to another patient.")
    entry = directory_repo.get(conn, int(row["directory_id"])).values
    names = staff_names(conn)
    provider = names.get(int(row["referring_provider_id"]), "")
    coordinator = names.get(row["coordinator_id"]) if row["coordinator_id"] else None
    heading = frame.practice
    practice_phone = _phone(heading.letterhead.phone)
    contact = ", ".join(x for x in (coordinator or provider, practice_phone) if x)
    p = chart.patient
    auth = None
    if row["prior_auth_needed"]:
        status = (row["prior_auth_status"] or "not_started").replace("_", " ")
        auth = " · ".join(x for x in (row["prior_auth_number"], status) if x)
    return ReferralLetter(
        frame=frame,
        referral_id=referral_id,
        to=Party(
            name=entry["name"],
            detail=entry.get("specialty"),
            phone=_phone(entry.get("phone")),
            fax=_phone(entry.get("fax")),
            address=entry.get("address"),
        ),
        sender=Party(
            name=provider,
            detail=heading.practice_name,
            phone=practice_phone,
            fax=_phone(heading.letterhead.fax),
            address=", ".join(heading.letterhead.address_lines()) or None,
        ),
        contact=contact,
        specialty=row["specialty"],
        reason=row["reason"],
        urgency=row["urgency"],
        requested_by=row["requested_by"],
        mrn=p.mrn,
        sex_at_birth=p.sex_at_birth.value,
        phones=tuple(PhoneEntry(kind=k.value, number=format_phone(n)) for k, n in p.phones.numbers().items()),
        address=p.address.one_line() if p.address else None,
        preferred_language=p.preferred_language,
        interpreter_needed=p.interpreter_needed,
        prior_auth=auth,
        clinical=_clinical(conn, chart.id, row) if clinical else None,
    )


def letter_snapshot(
    session: Session, chart: Chart, frame: FrameFacts, clinical: bool, options: Mapping[str, Any]
) -> ReferralLetter:
    with session.vault.read() as conn:
        return _letter(conn, chart, frame, clinical, _referral_id(options))


def cover_snapshot(session: Session, chart: Chart, frame: FrameFacts, options: Mapping[str, Any]) -> FaxCover:
    """The cover alone, counting the pages of the packet a clinician prints for the same referral."""
    with session.vault.read() as conn:
        letter = _letter(conn, chart, frame, True, _referral_id(options))
    return FaxCover(
        frame=frame,
        to=letter.to,
        sender=letter.sender,
        contact=letter.contact,
        urgency=letter.urgency,
        pages=packet_pages(letter),
    )


def addressed_to(snapshot: ReferralLetter | FaxCover) -> Recipient:
    """Who the packet is disclosed to: the directory entry it is addressed to."""
    return Recipient(kind=RecipientKind.PROVIDER, name=snapshot.to.name)


def print_target(session: Session, referral_id: int) -> tuple[int, Recipient]:
    """The patient a referral's packet is about and the directory entry it goes to (for the CLI and the app)."""
    session.require(Permission.VIEW_REFERRALS, "referral.print")
    with session.vault.read() as conn:
        row = referrals_repo.get(conn, referral_id)
        name = directory_repo.names(conn, [row["directory_id"]]).get(row["directory_id"], "")
    return int(row["patient_id"]), Recipient(kind=RecipientKind.PROVIDER, name=name)
