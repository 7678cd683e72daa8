"""The disclosure log as the chart shows it, and the accounting of disclosures (domain.md 8.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from carecoord_desktop.domain.disclosures import (
    PurposeKind,
    RecipientKind,
    accounting_start,
    requires_accounting,
)
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import disclosures_repo
from carecoord_desktop.storage.disclosures_repo import DisclosureRow


@dataclass(frozen=True)
class Disclosure:
    row: DisclosureRow
    at: datetime  # in the practice's time zone
    #: listed in the accounting the patient may ask for (164.528)
    required: bool


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # inclusive


def default_period(session: Session) -> Period:
    today = session.clock.today()
    return Period(accounting_start(today), today)


def check_period(period: Period) -> None:
    if period.until < period.since:
        message = "The end date of the period is before its start date."
        raise ValidationFailed(message, {"until": message})


def _read(session: Session, patient_id: int, period: Period | None) -> list[Disclosure]:
    zone = session.clock.zone
    since = until = None
    if period is not None:
        check_period(period)
        since = datetime.combine(period.since, time(), zone)
        until = datetime.combine(period.until + timedelta(days=1), time(), zone)
    with session.vault.read() as conn:
        rows = disclosures_repo.for_patient(conn, patient_id, since=since, until=until)
    return [
        Disclosure(
            row,
            session.clock.local(row.disclosed_at),
            requires_accounting(RecipientKind(row.recipient_kind), PurposeKind(row.purpose)),
        )
        for row in rows
    ]


def patient_disclosures(session: Session, patient_id: int, period: Period | None = None) -> list[Disclosure]:
    """A patient's disclosures, newest first (every one, for the practice's own review)."""
    session.require(Permission.VIEW_DISCLOSURES, "disclosure.view", patient_id=patient_id)
    return _read(session, patient_id, period)
