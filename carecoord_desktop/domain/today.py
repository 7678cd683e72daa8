"""What a Today screen lists: one row per piece of work, what it is about, and what opening it shows.

A row says what kind of work it is, when it is due (and whether that has passed), a one-line "what", the
patient, and what to open: a tab of the patient's chart, a referral, or the call dialog. A row that is a call
also carries how the patient may be reached (`Reach`, from their contact preferences), so a call is never
offered by a channel, or with a voicemail, the patient has not allowed. Pure: built from plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from carecoord_desktop.domain.contact import (
    BestTime,
    ContactChannel,
    ContactPreferences,
    may_contact,
    may_leave_voicemail,
)
from carecoord_desktop.domain.contact_attempts import (
    AttemptChannel,
    AttemptOutcome,
    do_not_contact,
    offered_channels,
    offered_outcomes,
)


class OpenKind(StrEnum):
    CHART = "chart"  # a tab of the patient's chart (`section`)
    REFERRAL = "referral"  # the referral dialog (`record_id`)
    CALL = "call"  # the call dialog: log an attempt about `about`


@dataclass(frozen=True)
class Opens:
    kind: OpenKind
    section: str = ""  # the chart section's key ("transitions", "referrals"), for CHART
    record_id: int = 0  # the referral's id, for REFERRAL


@dataclass(frozen=True)
class Reach:
    """How a patient may be called, from their contact preferences, as the call list shows it."""

    phone: str | None  # E.164, the first number on file
    preferred: str  # "Phone", "Text", … or "" when the patient named none
    best_time: str  # "Mornings", "Any time (after 3 pm)", or ""
    language: str  # BCP 47 tag, e.g. "es"
    interpreter: bool
    permissions: str  # "Voicemail OK · Texts OK · No email"
    channels: tuple[AttemptChannel, ...]  # what the call dialog offers
    outcomes: tuple[AttemptOutcome, ...]


_BEST_TIME: Final = {
    BestTime.MORNING: "Mornings",
    BestTime.AFTERNOON: "Afternoons",
    BestTime.EVENING: "Evenings",
    BestTime.ANY: "Any time",
}


def _permissions(preferences: ContactPreferences) -> str:
    parts = []
    if not may_contact(preferences, ContactChannel.PHONE):
        parts.append("No calls")
    else:
        parts.append("Voicemail OK" if may_leave_voicemail(preferences) else "No voicemail")
    parts.append("Texts OK" if may_contact(preferences, ContactChannel.TEXT) else "No texts")
    parts.append("Email OK" if may_contact(preferences, ContactChannel.EMAIL) else "No email")
    if not may_contact(preferences, ContactChannel.MAIL):
        parts.append("No letters")
    return " · ".join(parts)


def reach_of(
    preferences: ContactPreferences, *, phone: str | None, language: str, interpreter: bool
) -> Reach | None:
    """How to reach the patient, or None for a patient who asked not to be contacted at all (no call list
    ever shows them)."""
    if do_not_contact(preferences):
        return None
    best = _BEST_TIME[preferences.best_time] if preferences.best_time else ""
    if preferences.best_time_note:
        best = f"{best} ({preferences.best_time_note})" if best else preferences.best_time_note
    preferred = preferences.preferred_channel
    return Reach(
        phone=phone,
        preferred=preferred.value.capitalize() if preferred else "",
        best_time=best,
        language=language,
        interpreter=interpreter,
        permissions=_permissions(preferences),
        channels=offered_channels(preferences),
        outcomes=offered_outcomes(preferences),
    )


class DueStatus(StrEnum):
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    DUE = "due"
    UNDATED = "undated"

    @property
    def label(self) -> str:
        return {"due_today": "Due today", "overdue": "Overdue", "due": "Due", "undated": ""}[self.value]


def due_status(due_on: date | None, today: date) -> DueStatus:
    if due_on is None:
        return DueStatus.UNDATED
    if due_on < today:
        return DueStatus.OVERDUE
    return DueStatus.DUE_TODAY if due_on == today else DueStatus.DUE


@dataclass(frozen=True)
class TodayRow:
    """One piece of work on a Today screen."""

    source: str  # the key of the Today source that listed it
    kind: str  # what kind of work, in words: "TCM contact", "Overdue referral", "Rebook no-show"
    due_on: date | None
    status: DueStatus  # against the practice's today (due_status)
    what: str  # one line: "Interactive contact (discharged 11/20 from Mercy General Hospital)"
    patient_id: int
    patient_name: str  # "Family, Given"
    mrn: str
    opens: Opens
    about: tuple[str, int] | None = None  # the row a call serves (table, id), for calls
    reach: Reach | None = None  # for calls
    last_attempt: str = ""  # "11/23 phone, no answer", for calls

    @property
    def overdue(self) -> bool:
        return self.status is DueStatus.OVERDUE


_RANK: Final = {DueStatus.DUE_TODAY: 0, DueStatus.OVERDUE: 1, DueStatus.DUE: 2, DueStatus.UNDATED: 3}


def due_order(row: TodayRow) -> tuple[int, date, str]:
    """Due today first, then overdue (oldest first), then what is coming, then undated."""
    return _RANK[row.status], row.due_on or date.max, row.patient_name
