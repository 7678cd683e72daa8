"""Where a recall or reminder letter's snapshot comes from (print_sources' adapter): the follow-up, its booked
visit if any, the patient's postal address and the practice's phone. Reads only; the batch is in
services/recall_letters.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.recall_letter import LetterKind, RecallLetter
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.followups import FollowUpState
from carecoord_desktop.services import followups
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import appointments_repo


def letter_snapshot(
    session: Session, chart: Chart, frame: FrameFacts, options: Mapping[str, Any]
) -> RecallLetter:
    """The letter for one follow-up of this chart (print_sources' adapter)."""
    follow_up_id = int(options["follow_up_id"])
    with session.vault.read() as conn:
        record = followups.own_follow_up(conn, chart.id, follow_up_id)
        visit = (
            appointments_repo.get(conn, record.appointment_id)
            if record.state is FollowUpState.SCHEDULED and record.appointment_id
            else None
        )
    address = chart.patient.address
    if address is None:
        raise ValidationFailed("The patient has no postal address on the chart: add it under Contact first.")
    lines = [
        address.line1,
        address.line2 or "",
        f"{address.city} {address.state or ''} {address.postal_code}",
    ]
    if address.country != "US":
        lines.append(address.country)
    phone = frame.practice.letterhead.phone
    return RecallLetter(
        frame=frame,
        kind=LetterKind.REMINDER if visit is not None else LetterKind.RECALL,
        addressee=f"{chart.patient.given_name} {chart.patient.family_name}",
        address=tuple(" ".join(line.split()) for line in lines if line.strip()),
        reason=record.follow_up.reason,
        due_from=record.follow_up.due_from,
        due_to=record.follow_up.due_to,
        visit_on=visit.appointment.on if visit else None,
        visit_at=visit.appointment.at if visit else None,
        with_whom=visit.appointment.with_whom if visit else None,
        where=visit.appointment.where if visit else None,
        practice_phone=format_phone(phone) if phone else None,
    )
