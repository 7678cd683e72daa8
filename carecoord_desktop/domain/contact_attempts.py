"""Contact attempts: when, how, what came of it. They count toward the TCM contact clock (domain.md 3.1: a
documented two-way contact, or at least 2 documented unsuccessful attempts inside the window) and set the
panel's "Last contact" when the patient was reached.

What may be offered follows the patient's contact preferences (`domain/contact.py`): a channel the patient has
not allowed is refused; "left voicemail" needs voicemail consent; a patient who blocked every channel is
do-not-contact. Pure: callers pass the preferences and the day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from carecoord_desktop.domain.contact import (
    ContactChannel,
    ContactPreferences,
    may_contact,
    may_leave_voicemail,
)
from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.domain.validation import OptionalPastDate, OptionalText


class AttemptChannel(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    TEXT = "text"
    EMAIL = "email"
    MAIL = "mail"  # a letter
    FAX = "fax"  # to a specialist's office
    PORTAL = "portal"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def contact_channel(self) -> ContactChannel | None:
        """The preference this channel is checked against (a video call rings the phone; in person, a fax or
        the portal: none)."""
        if self is AttemptChannel.VIDEO:
            return ContactChannel.PHONE
        if self in (AttemptChannel.IN_PERSON, AttemptChannel.FAX, AttemptChannel.PORTAL):
            return None
        return ContactChannel(self.value)

    @property
    def interactive(self) -> bool:
        """Allows real two-way talk (TCM's interactive contact): not a text or an email."""
        return self in (AttemptChannel.PHONE, AttemptChannel.VIDEO, AttemptChannel.IN_PERSON)


class AttemptOutcome(StrEnum):
    REACHED = "reached"
    LEFT_VOICEMAIL = "left_voicemail"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    DECLINED = "declined"
    SENT = "sent"  # a letter, fax or message went out

    @property
    def label(self) -> str:
        return {"left_voicemail": "Left voicemail"}.get(self.value, self.value.replace("_", " ").capitalize())

    @property
    def unsuccessful(self) -> bool:
        """Counts as one of TCM's documented unsuccessful attempts."""
        return self in (AttemptOutcome.LEFT_VOICEMAIL, AttemptOutcome.NO_ANSWER, AttemptOutcome.WRONG_NUMBER)


class AttemptTarget(StrEnum):
    """Whom the attempt tried to reach: the patient (consent and preferences apply), or a specialist's office
    about a referral."""

    PATIENT = "patient"
    SPECIALIST = "specialist"


UNSUCCESSFUL_ATTEMPTS_NEEDED: Final = 2
#: The channels a TCM contact is logged by (a letter, fax or portal message is never the TCM contact).
TCM_CHANNELS: Final = (
    AttemptChannel.PHONE,
    AttemptChannel.VIDEO,
    AttemptChannel.IN_PERSON,
    AttemptChannel.TEXT,
    AttemptChannel.EMAIL,
)
TCM_OUTCOMES: Final = tuple(o for o in AttemptOutcome if o is not AttemptOutcome.SENT)


class ContactAttempt(BaseModel):
    """One attempt as a person logs it; who and when it was recorded are stamped by the service."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    on: OptionalPastDate = None  # the day of the attempt; the practice's today when left blank
    target: AttemptTarget = AttemptTarget.PATIENT
    channel: AttemptChannel
    outcome: AttemptOutcome
    note: OptionalText = Field(default=None, max_length=1000)
    next_try_on: date | None = None


class AttemptRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    patient_id: int
    about_table: str | None  # what the attempt serves (a transition stay now), or None
    about_id: int | None
    on: date
    target: AttemptTarget
    channel: AttemptChannel
    outcome: AttemptOutcome
    note: str | None
    next_try_on: date | None
    by_name: str
    entered_in_error: EnteredInError | None
    stamps: Stamps


def do_not_contact(preferences: ContactPreferences) -> bool:
    """The patient has blocked every channel: no outreach at all."""
    return not any(may_contact(preferences, channel) for channel in ContactChannel)


def refusal(preferences: ContactPreferences, channel: AttemptChannel, outcome: AttemptOutcome) -> str | None:
    """Why this attempt may not be logged for this patient (None: it may)."""
    if channel is not AttemptChannel.IN_PERSON and do_not_contact(preferences):
        return "The patient asked not to be contacted at all."
    wanted = channel.contact_channel
    if wanted is not None and not may_contact(preferences, wanted):
        return f"The patient's contact preferences rule out {channel.label.lower()}: choose another way."
    if outcome is AttemptOutcome.LEFT_VOICEMAIL and not may_leave_voicemail(preferences):
        return "The patient has not allowed voicemail: log the call as no answer instead."
    return None


def offered_outcomes(
    preferences: ContactPreferences, outcomes: Iterable[AttemptOutcome] = TCM_OUTCOMES
) -> tuple[AttemptOutcome, ...]:
    """The outcomes a form offers for this patient ("left voicemail" only with consent)."""
    return tuple(
        o for o in outcomes if o is not AttemptOutcome.LEFT_VOICEMAIL or may_leave_voicemail(preferences)
    )


def offered_channels(
    preferences: ContactPreferences, channels: Iterable[AttemptChannel] = TCM_CHANNELS
) -> tuple[AttemptChannel, ...]:
    """The channels a form offers for this patient (in person always; the rest as the preferences allow)."""
    return tuple(c for c in channels if refusal(preferences, c, AttemptOutcome.NO_ANSWER) is None)


def tcm_contact_met_on(
    attempts: Iterable[tuple[date, AttemptChannel, AttemptOutcome]], discharge: date, due: date
) -> date | None:
    """The day the TCM contact requirement was met by attempts, or None.

    Met by the first two-way contact (an interactive channel, reached) on or after the discharge day, or on
    the day of the second documented unsuccessful call (phone or video) inside the window (discharge day to due date),
    whichever comes first. A contact after the due date still counts (it is then met late)."""
    ordered = sorted((a for a in attempts if a[0] >= discharge), key=lambda a: a[0])
    failed = 0
    for on, channel, outcome in ordered:
        if outcome is AttemptOutcome.REACHED and channel.interactive:
            return on
        if outcome.unsuccessful and channel.interactive and on <= due:
            failed += 1
            if failed >= UNSUCCESSFUL_ATTEMPTS_NEEDED:
                return on
    return None
