"""Follow-ups: something to do with a patient by a window of days (see them, call them, recall them), who owns
it, and what it serves (a transition of care, a referral, a care plan or a care gap).

States: open -> scheduled (an appointment is booked) -> done; a booked appointment that is missed makes the
follow-up a no-show (to rebook), a cancelled one puts it back to open. Done and cancelled are final.

Pure: callers pass the practice's today.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Final, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.domain.validation import (
    DayDate,
    OptionalText,
    StaffId,
    Text,
    require_text,
    user_error,
)

_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class FollowUpState(StrEnum):
    OPEN = "open"
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return "No-show" if self is FollowUpState.NO_SHOW else self.value.capitalize()

    @property
    def is_open(self) -> bool:
        """Still work to do (due items, call lists, letters)."""
        return self in (FollowUpState.OPEN, FollowUpState.SCHEDULED, FollowUpState.NO_SHOW)

    @property
    def needs_booking(self) -> bool:
        """Nothing booked yet, or the booked visit was missed: someone has to reach the patient."""
        return self in (FollowUpState.OPEN, FollowUpState.NO_SHOW)


#: Moves a person makes directly. Scheduled, no-show and back-to-open follow from the appointment.
NEXT_STATE: Final[dict[FollowUpState, frozenset[FollowUpState]]] = {
    FollowUpState.OPEN: frozenset({FollowUpState.SCHEDULED, FollowUpState.DONE, FollowUpState.CANCELLED}),
    FollowUpState.SCHEDULED: frozenset(
        {FollowUpState.OPEN, FollowUpState.DONE, FollowUpState.CANCELLED, FollowUpState.NO_SHOW}
    ),
    FollowUpState.NO_SHOW: frozenset({FollowUpState.SCHEDULED, FollowUpState.DONE, FollowUpState.CANCELLED}),
    FollowUpState.DONE: frozenset(),
    FollowUpState.CANCELLED: frozenset(),
}


class Serves(StrEnum):
    """What a follow-up is for; the row it serves is named by table and id where there is one."""

    TRANSITION = "transition"
    REFERRAL = "referral"
    CARE_PLAN = "care_plan"
    CARE_GAP = "care_gap"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class FollowUp(BaseModel):
    """A follow-up as a person enters it. Owned by a role (anyone in it may do it) or by one person."""

    model_config = _CONFIG

    reason: Text = Field(max_length=200)
    due_from: DayDate
    due_to: DayDate
    owner_role: Role | None = Role.FRONT_DESK
    owner_staff_id: StaffId | None = None
    serves: Serves = Serves.OTHER
    serves_id: int | None = Field(default=None, gt=0)
    note: OptionalText = Field(default=None, max_length=1000)

    @field_validator("reason", mode="before")
    @classmethod
    def _reason(cls, value: object) -> object:
        return require_text(value, "Say what the follow-up is for")

    @model_validator(mode="after")
    def _window(self) -> Self:
        if self.due_to < self.due_from:
            raise user_error("window", "The window must end on or after its first day", field="due_to")
        if self.owner_role is None and self.owner_staff_id is None:
            raise user_error("owner", "Choose who owns the follow-up: a role or a person", field="owner_role")
        if self.owner_role is Role.ADMIN:
            raise user_error(
                "owner", "Administrators do not work with patients: choose another role", field="owner_role"
            )
        return self


class FollowUpRecord(BaseModel):
    model_config = _CONFIG

    id: int
    patient_id: int
    follow_up: FollowUp
    state: FollowUpState
    appointment_id: int | None  # the booked appointment while scheduled (the last one after)
    closed_on: date | None  # when it was done, cancelled or missed
    close_reason: str | None
    owner_name: str | None  # the owning person's name, when a person owns it
    entered_in_error: EnteredInError | None
    stamps: Stamps

    def overdue(self, today: date) -> bool:
        """Past its window with nothing booked (or the visit missed)."""
        return self.state.needs_booking and self.follow_up.due_to < today

    @property
    def owner_label(self) -> str:
        if self.owner_name:
            return self.owner_name
        return self.follow_up.owner_role.label if self.follow_up.owner_role else ""


def check_state_change(current: FollowUpState, new: FollowUpState) -> None:
    """Refuse a move the table does not allow, saying what is allowed from here."""
    allowed = NEXT_STATE[current]
    if new in allowed:
        return
    if not allowed:
        raise ValidationFailed(f"This follow-up is already {current.label.lower()}.")
    names = ", ".join(sorted(s.label.lower() for s in allowed))
    raise ValidationFailed(
        f"A {current.label.lower()} follow-up cannot become {new.label.lower()}; it can be: {names}."
    )


def close_reason(value: object, missing: str = "Say why the follow-up is cancelled.") -> str:
    """A cancellation's (or dismissal's) reason: required, one short plain line."""
    text = " ".join(str(value or "").split())
    if not text:
        raise ValidationFailed(missing, {"reason": "Say why."})
    if len(text) > 300 or any(ord(c) < 32 for c in text):
        message = "Keep the reason to one plain line of up to 300 characters."
        raise ValidationFailed(message, {"reason": "Too long."})
    return text
