"""The front desk's calls to make today, and logging one call.

What needs a call: a follow-up to book whose window has started (the post-discharge visit among them) or a
missed visit to rebook, a specialist no-show to rebook, and an appointment in the next two business days to
confirm. Each row carries how the patient may be reached (preferred channel, best time, language,
interpreter, permissions); a patient who asked not to be contacted at all never appears. Logging a call is
checked against the patient's consent and preferences in the service, whatever the screen offered, and goes
to the shared contact attempts through the service that owns the work: a follow-up's, a referral's outreach
(it counts the failed attempts toward "lost to follow-up"), or an appointment confirmation here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.calendar import add_business_days
from carecoord_desktop.domain.contact_attempts import AttemptChannel, AttemptOutcome, ContactAttempt
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.today import OpenKind, Opens, Reach, TodayRow, due_order, due_status
from carecoord_desktop.domain.validation import DEFAULT_RULES, validation_failed
from carecoord_desktop.services import due_items, followups, referrals, transitions
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reach import reach_for
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.today_sources import MOST_ROWS, attempt_text, short_date
from carecoord_desktop.storage import appointments_repo, call_list_repo, contact_attempts_repo
from carecoord_desktop.storage.call_list_repo import CallTarget, LastAttempt
from carecoord_desktop.storage.schema import transition_stays
from carecoord_desktop.storage.schema_followups import appointments, follow_ups
from carecoord_desktop.storage.schema_referrals import referrals as referrals_table

#: Appointments are confirmed this many business days ahead.
CONFIRM_BUSINESS_DAYS: Final = 2
#: The channels a referral's outreach is logged by from the call list.
REFERRAL_CHANNELS: Final = (AttemptChannel.PHONE, AttemptChannel.TEXT, AttemptChannel.EMAIL)
_OUTREACH_OUTCOME: Final = {
    AttemptOutcome.REACHED: "reached",
    AttemptOutcome.LEFT_VOICEMAIL: "left_message",
    AttemptOutcome.NO_ANSWER: "no_answer",
    AttemptOutcome.WRONG_NUMBER: "wrong_number",
    AttemptOutcome.DECLINED: "reached",  # reached, and said no: the note says so
}


@dataclass(frozen=True)
class _Kind:
    source: str
    label: str
    what: Callable[[CallTarget], str]


def _day(day: date | None) -> str:
    return short_date(day) if day else ""


# What the call is for, in a few words (the due date has its own column).
_FOLLOW_UP: Final = _Kind("calls", "Book follow-up", lambda t: t.about)
_MISSED: Final = _Kind("calls", "Rebook missed visit", lambda t: t.about)
_NO_SHOW: Final = _Kind("calls", "Rebook no-show", lambda t: f"Missed {t.about} on {_day(t.on)}")
_CONFIRM: Final = _Kind(
    "confirm", "Confirm appointment", lambda t: f"{_day(t.on)}{f' at {t.at}' if t.at else ''}, {t.about}"
)


def _rows(conn: Connection, today: date, found: list[tuple[_Kind, CallTarget]]) -> list[TodayRow]:
    """Rows for the targets whose patient may be contacted, each with how to reach them and the last try."""
    reaches = reach_for(conn, (t.patient_id for _k, t in found))
    by_table: dict[str, list[int]] = {}
    for _kind, target in found:
        by_table.setdefault(target.table, []).append(target.row_id)
    last: dict[tuple[str, int], LastAttempt] = {}
    for table, ids in by_table.items():
        got = call_list_repo.last_attempts(conn, table, ids)
        last.update({(table, row_id): attempt for row_id, attempt in got.items()})
    rows = []
    for kind, t in found:
        reach = reaches.get(t.patient_id)
        if reach is None:
            continue  # do not contact: never on a call list
        if t.table == referrals_table.name:
            reach = _referral_reach(reach)
        rows.append(
            TodayRow(
                source=kind.source,
                kind=kind.label,
                due_on=t.due_on,
                status=due_status(t.due_on, today),
                what=kind.what(t),
                patient_id=t.patient_id,
                patient_name=f"{t.family_name}, {t.given_name}",
                mrn=t.mrn,
                opens=Opens(OpenKind.CALL),
                about=(t.table, t.row_id),
                reach=reach,
                last_attempt=attempt_text(last.get((t.table, t.row_id))),
            )
        )
    return sorted(rows, key=due_order)[:MOST_ROWS]


def _referral_reach(reach: Reach) -> Reach:
    return replace(reach, channels=tuple(c for c in reach.channels if c in REFERRAL_CHANNELS))


def calls_to_make(session: Session, today: date) -> list[TodayRow]:
    """The front desk's follow-ups to book or rebook and the specialist no-shows, due today first."""
    session.require(Permission.RECORD_CONTACT_ATTEMPTS, "today.view")
    with session.vault.read() as conn:
        due = call_list_repo.follow_ups_due(
            conn, today, role=Role.FRONT_DESK.value, staff_id=session.user.id, limit=MOST_ROWS
        )
        found = [(_MISSED if t.state == "no_show" else _FOLLOW_UP, t) for t in due]
        found += [(_NO_SHOW, t) for t in call_list_repo.referral_no_shows(conn, limit=MOST_ROWS)]
        return _rows(conn, today, found)


def appointments_to_confirm(session: Session, today: date) -> list[TodayRow]:
    """Booked appointments in the next CONFIRM_BUSINESS_DAYS business days, to confirm with the patient."""
    session.require(Permission.RECORD_CONTACT_ATTEMPTS, "today.view")
    until = add_business_days(today, CONFIRM_BUSINESS_DAYS, session.clock.calendar)
    with session.vault.read() as conn:
        confirm = call_list_repo.appointments_between(conn, today, until, limit=MOST_ROWS)
        found = [(_CONFIRM, t) for t in confirm]
        return _rows(conn, today, found)


def call_list(session: Session) -> list[TodayRow]:
    """Every call to make today (one audited read: it names patients)."""
    today = session.clock.today()
    rows = calls_to_make(session, today) + appointments_to_confirm(session, today)
    session.audited_read(
        Permission.RECORD_CONTACT_ATTEMPTS, "call_list.view", lambda _conn: None, detail={"rows": len(rows)}
    )
    return rows


# -- logging a call ---------------------------------------------------------------------------------
def log_attempt(session: Session, patient_id: int, about: tuple[str, int], data: dict[str, Any]) -> None:
    """Record one call (or message) about `about`, a row that serves this patient; refused when the
    patient's consent or contact preferences rule out the channel or the outcome."""
    today = session.clock.today()
    try:
        attempt = ContactAttempt.model_validate(data, context=DEFAULT_RULES.for_input(today).context())
    except ValidationError as exc:
        raise validation_failed(exc, "The call") from None
    table, row_id = about
    if table == follow_ups.name:
        followups.log_attempt(session, patient_id, row_id, data)
    elif table == referrals_table.name:
        _log_referral_call(session, row_id, attempt)
    elif table == transition_stays.name:
        transitions.log_contact_attempt(session, patient_id, row_id, data)
    elif table == appointments.name:
        _log_confirmation_call(session, patient_id, row_id, attempt)
    else:
        raise ValidationFailed("Calls about this kind of work are not logged here.")


def _log_confirmation_call(
    session: Session, patient_id: int, appointment_id: int, attempt: ContactAttempt
) -> None:
    with session.audited_write(
        Permission.RECORD_CONTACT_ATTEMPTS,
        "appointment.confirmation_call",
        patient_id=patient_id,
        subject=f"appointment #{appointment_id}",
        detail={"channel": attempt.channel.value, "outcome": attempt.outcome.value},
        what="the call",
    ) as conn:
        if appointments_repo.get(conn, appointment_id).patient_id != patient_id:
            raise ValidationFailed("That appointment belongs to another patient.")
        due_items.check_outreach(conn, patient_id, attempt.channel, attempt.outcome)
        user, day = session.user, attempt.on or session.clock.today()
        contact_attempts_repo.add(
            conn,
            patient_id,
            (appointments.name, appointment_id),
            attempt,
            on=day,
            by_staff_id=user.id,
            by_name=user.full_name,
            actor=user.username,
        )
        if attempt.outcome is AttemptOutcome.REACHED:
            due_items.record_contact(session, conn, patient_id, day)


def _log_referral_call(session: Session, referral_id: int, attempt: ContactAttempt) -> None:
    """Through the referral's own outreach (consent checked there), so it counts toward its failed attempts."""
    if attempt.channel not in REFERRAL_CHANNELS:
        message = "A referral's outreach is logged as a phone call, a text or an email."
        raise ValidationFailed(message, {"channel": message})
    note = attempt.note or ""
    if attempt.outcome is AttemptOutcome.DECLINED:
        note = f"Patient declined. {note}".strip()
    referrals.log_outreach(
        session,
        referral_id,
        {
            "target": "patient",
            "channel": attempt.channel.value,
            "outcome": _OUTREACH_OUTCOME[attempt.outcome],
            "note": note,
            "next_try_on": attempt.next_try_on,
        },
    )
