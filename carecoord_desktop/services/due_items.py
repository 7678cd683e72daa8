"""Due items and last contact: what features call inside their own audited write.

A follow-up, referral or transition service writes its own row and, in the same transaction::

    with session.audited_write(Permission.EDIT_REFERRALS, "referral.add", patient_id=patient_id) as conn:
        referral_id = referrals_repo.add(conn, ...)
        due_items.set_due(session, conn, patient_id, DueItem("referral.report", "referrals", referral_id,
                          due_on, "Consult report"))

and marks it done when the work is done (`complete`). The panel's "Next due" follows; "overdue" is computed
at query time against the practice's today. A contact attempt calls `record_contact`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from carecoord_desktop.domain.contact import ContactPreferences
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome, refusal
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.patients import outreach_refusal
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import due_items_repo, patients_repo


@dataclass(frozen=True)
class DueItem:
    kind: str  # e.g. "referral.report", "tcm.contact", "follow_up"
    source_table: str
    source_id: int
    due_on: date
    label: str  # what the panel shows beside the date, e.g. "Consult report"


@dataclass(frozen=True)
class OpenDueItem:
    item: DueItem
    overdue: bool


def check_outreach(
    conn: Connection,
    patient_id: int,
    channel: AttemptChannel | None = None,
    outcome: AttemptOutcome = AttemptOutcome.NO_ANSWER,
) -> None:
    """Refuse calls, letters and scheduled work for a deceased patient (a plain UserError); with a channel,
    also what the patient's consent and contact preferences rule out (a channel not allowed, "left voicemail"
    without voicemail consent, anything but in person for a do-not-contact patient)."""
    found = due_items_repo.status_and_name(conn, patient_id)
    refused = outreach_refusal(*found) if found else None
    if refused:
        raise ValidationFailed(refused)
    if channel is None:
        return
    preferences = ContactPreferences.model_validate(
        patients_repo.get(conn, patient_id).record.get("contact") or {}
    )
    refused = refusal(preferences, channel, outcome)
    if refused is not None:
        raise ValidationFailed(refused, {"channel": refused})


def set_due(session: Session, conn: Connection, patient_id: int, item: DueItem) -> None:
    """Create the due item for (source row, kind), or move it to a new date and reopen it. A deceased patient
    gets none (`check_outreach`)."""
    check_outreach(conn, patient_id)
    label = " ".join(item.label.split())
    if not label or len(label) > 60:
        raise ValidationFailed("A due item needs a short label (up to 60 characters).")
    due_items_repo.upsert(
        conn,
        patient_id,
        kind=item.kind,
        source_table=item.source_table,
        source_id=item.source_id,
        due_on=item.due_on,
        label=label,
        actor=session.user.username,
    )


def complete(session: Session, conn: Connection, *, kind: str, source_table: str, source_id: int) -> bool:
    """The work is done: the item leaves "Next due". False if it was not open."""
    return due_items_repo.complete(
        conn, source_table=source_table, source_id=source_id, kind=kind, actor=session.user.username
    )


def record_contact(session: Session, conn: Connection, patient_id: int, on: date | None = None) -> None:
    """A contact with the patient (default: the practice's today) updates the panel's "Last contact"."""
    due_items_repo.set_last_contact(conn, patient_id, on or session.clock.today())


def close_for_death(session: Session, conn: Connection, patient_id: int) -> None:
    """The patient died: nothing stays due (no call list or letter offers them)."""
    due_items_repo.close_all(conn, patient_id, session.user.username)


def open_items(session: Session, patient_id: int) -> list[OpenDueItem]:
    """The patient's open due items, earliest first, each with whether it is overdue today."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "chart.due_items", patient_id=patient_id)
    today = session.clock.today()
    with session.vault.read() as conn:
        rows = due_items_repo.open_items(conn, patient_id)
    return [
        OpenDueItem(DueItem(r.kind, r.source_table, r.source_id, r.due_on, r.label), r.due_on < today)
        for r in rows
    ]
