"""What a person enters about a referral: the order itself and an outreach attempt (validated here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carecoord_desktop.domain.clinical_summary import ClinicalSummary
from carecoord_desktop.domain.contact import ContactChannel
from carecoord_desktop.domain.contact_attempts import (
    AttemptChannel,
    AttemptOutcome,
    AttemptTarget,
    ContactAttempt,
)
from carecoord_desktop.domain.medications import Medication
from carecoord_desktop.domain.referrals import Urgency
from carecoord_desktop.domain.validation import OptionalText, Text, user_error

_CONFIG = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PriorAuthStatus(StrEnum):
    NOT_STARTED = "not_started"
    REQUESTED = "requested"
    APPROVED = "approved"
    DENIED = "denied"


class ClinicalInfo(BaseModel):
    """The clinical information chosen to go with the referral (clinical: the front desk does not see it)."""

    model_config = _CONFIG

    problems: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # noted, e.g. "Echo report 2026-10-02"


def from_chart(chart: ClinicalSummary, medications: Sequence[Medication] = ()) -> ClinicalInfo:
    """What the chart suggests sending with a new referral: its current problems (with their codes), the
    medicines taken now (active, not on hold) and every allergy."""
    return ClinicalInfo(
        problems=tuple(f"{p.text} ({p.code})" if p.code else p.text for p in chart.current_problems()),
        medications=tuple(m.summary for m in medications if m.is_active),
        allergies=tuple(a.as_line() for a in chart.allergies),
    )


class NewReferral(BaseModel):
    model_config = _CONFIG

    patient_id: int = Field(gt=0)
    directory_id: int = Field(gt=0)
    specialty: Text = Field(max_length=80)
    reason: Text = Field(max_length=200)  # the reason for referral, shown to the front desk
    clinical_question: OptionalText = Field(default=None, max_length=2000)
    urgency: Urgency = Urgency.ROUTINE
    requested_by: date
    referring_provider_id: int = Field(gt=0)
    coordinator_id: int | None = None
    clinical_info: ClinicalInfo = ClinicalInfo()
    prior_auth_needed: bool = False
    prior_auth_number: OptionalText = Field(default=None, max_length=40)
    prior_auth_status: PriorAuthStatus | None = None
    prior_auth_expires: date | None = None

    @model_validator(mode="after")
    def _auth_consistent(self) -> NewReferral:
        if not self.prior_auth_needed and (self.prior_auth_number or self.prior_auth_status):
            raise user_error(
                "prior_auth",
                "Tick 'Prior authorization needed' or clear its details",
                field="prior_auth_needed",
            )
        return self


class OutreachTarget(StrEnum):
    PATIENT = "patient"
    SPECIALIST = "specialist"


class OutreachChannel(StrEnum):
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    MAIL = "mail"
    FAX = "fax"
    PORTAL = "portal"

    @property
    def contact_channel(self) -> ContactChannel | None:
        """The patient's contact preference this channel is checked against (None: none applies)."""
        try:
            return ContactChannel(self.value)
        except ValueError:
            return None


class OutreachOutcome(StrEnum):
    REACHED = "reached"
    LEFT_MESSAGE = "left_message"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    SENT = "sent"  # a letter, fax or message went out

    @property
    def reached(self) -> bool:
        return self is OutreachOutcome.REACHED

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class OutreachAttempt(BaseModel):
    model_config = _CONFIG

    target: OutreachTarget
    channel: OutreachChannel
    outcome: OutreachOutcome
    note: str = Field(default="", max_length=1000)
    next_try_on: date | None = None

    def as_contact_attempt(self) -> ContactAttempt:
        """The same attempt in the shared contact-attempts aggregate ("left message" is a voicemail)."""
        outcome = "left_voicemail" if self.outcome is OutreachOutcome.LEFT_MESSAGE else self.outcome.value
        return ContactAttempt(
            target=AttemptTarget(self.target.value),
            channel=AttemptChannel(self.channel.value),
            outcome=AttemptOutcome(outcome),
            note=self.note or None,
            next_try_on=self.next_try_on,
        )
