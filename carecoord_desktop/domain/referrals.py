"""Closed-loop referrals: the states, the one table of allowed transitions, and when the next action is due.

The machine follows domain.md 2.2 (docs/referrals.md writes the table out). Pure: no clock is read here;
callers pass the day of the event, the practice calendar and the practice's timers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from carecoord_desktop.domain.calendar import PracticeCalendar, add_business_days
from carecoord_desktop.domain.errors import ValidationFailed


class ReferralState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SCHEDULED = "scheduled"
    SEEN = "seen"
    NO_SHOW = "no_show"
    APPT_CANCELLED = "appt_cancelled"
    REPORT_RECEIVED = "report_received"
    REVIEWED = "reviewed"
    CLOSED = "closed"
    CLOSED_UNSUCCESSFUL = "closed_unsuccessful"
    CANCELLED = "cancelled"
    PATIENT_DECLINED = "patient_declined"
    LOST_TO_FOLLOW_UP = "lost_to_follow_up"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self not in TERMINAL

    @property
    def rank(self) -> int:
        """Where the state's group sits in the worklist (its place in a referral's life)."""
        return list(ReferralState).index(self)


STATE_LABELS = {
    ReferralState.DRAFT: "Draft",
    ReferralState.SENT: "Sent",
    ReferralState.ACKNOWLEDGED: "Acknowledged",
    ReferralState.ACCEPTED: "Accepted",
    ReferralState.DECLINED: "Declined by specialist",
    ReferralState.SCHEDULED: "Scheduled",
    ReferralState.SEEN: "Seen",
    ReferralState.NO_SHOW: "No-show",
    ReferralState.APPT_CANCELLED: "Appointment cancelled",
    ReferralState.REPORT_RECEIVED: "Report received",
    ReferralState.REVIEWED: "Reviewed",
    ReferralState.CLOSED: "Closed",
    ReferralState.CLOSED_UNSUCCESSFUL: "Closed, unsuccessful",
    ReferralState.CANCELLED: "Cancelled",
    ReferralState.PATIENT_DECLINED: "Patient declined",
    ReferralState.LOST_TO_FOLLOW_UP: "Lost to follow-up",
}

S = ReferralState
TERMINAL = frozenset(
    {S.DECLINED, S.CLOSED, S.CLOSED_UNSUCCESSFUL, S.CANCELLED, S.PATIENT_DECLINED, S.LOST_TO_FOLLOW_UP}
)
# Ends a referral may take from any open state after it was sent (domain.md 2.2, last row).
WITHDRAWALS = (S.CANCELLED, S.PATIENT_DECLINED, S.LOST_TO_FOLLOW_UP)

# The one table of allowed transitions (written out in docs/referrals.md). SCHEDULED -> SCHEDULED is a
# reschedule; a report may arrive without a logged visit (the visit is then marked seen).
_FORWARD: dict[ReferralState, tuple[ReferralState, ...]] = {
    S.DRAFT: (S.SENT, S.CANCELLED),
    S.SENT: (S.ACKNOWLEDGED, S.ACCEPTED, S.DECLINED, S.REPORT_RECEIVED),
    S.ACKNOWLEDGED: (S.ACCEPTED, S.DECLINED, S.REPORT_RECEIVED),
    S.ACCEPTED: (S.SCHEDULED, S.REPORT_RECEIVED),
    S.SCHEDULED: (S.SCHEDULED, S.SEEN, S.NO_SHOW, S.APPT_CANCELLED, S.REPORT_RECEIVED),
    S.NO_SHOW: (S.SCHEDULED, S.CLOSED_UNSUCCESSFUL),
    S.APPT_CANCELLED: (S.SCHEDULED,),
    S.SEEN: (S.REPORT_RECEIVED,),
    S.REPORT_RECEIVED: (S.REVIEWED,),
    S.REVIEWED: (S.CLOSED,),
}
TRANSITIONS: dict[ReferralState, tuple[ReferralState, ...]] = {
    state: _FORWARD.get(state, ()) + (() if state is S.DRAFT or state in TERMINAL else WITHDRAWALS)
    for state in ReferralState
}

# Moves the front desk may make (referral logistics: sending, scheduling, visits); the rest are clinical
# (a report's content, review, closing, withdrawing a referral) and need the clinical permission.
LOGISTICS = frozenset(
    {S.SENT, S.ACKNOWLEDGED, S.ACCEPTED, S.DECLINED, S.SCHEDULED, S.SEEN, S.NO_SHOW, S.APPT_CANCELLED}
)
# A reason is required to enter these (declines and cancellations, and every unsuccessful end).
NEEDS_REASON = frozenset(
    {
        S.DECLINED,
        S.APPT_CANCELLED,
        S.CANCELLED,
        S.PATIENT_DECLINED,
        S.LOST_TO_FOLLOW_UP,
        S.CLOSED_UNSUCCESSFUL,
    }
)


def allowed_from(state: ReferralState) -> tuple[ReferralState, ...]:
    return TRANSITIONS[state]


class Urgency(StrEnum):
    ROUTINE = "routine"
    URGENT = "urgent"
    STAT = "stat"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def uses_urgent_timers(self) -> bool:
        return self is not Urgency.ROUTINE


class HowTold(StrEnum):
    """How the patient learned the plan (recorded when a referral closes)."""

    VISIT = "visit"
    PHONE = "phone"
    PORTAL = "portal"
    LETTER = "letter"


# -- a transition's input -------------------------------------------------------------------------
class TransitionRequest(BaseModel):
    """What a person enters to move a referral. Who and when are stamped by the service, never here."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    to: ReferralState
    note: str = Field(default="", max_length=1000)
    reason: str = Field(default="", max_length=500)
    on: date | None = None  # the day it happened (a visit, a report); defaults to today
    appointment_on: date | None = None
    appointment_time: str = Field(default="", max_length=20)
    report_summary: str = Field(default="", max_length=2000)
    patient_told_how: HowTold | None = None


@dataclass(frozen=True)
class TransitionEffects:
    """What a checked transition writes on the referral, besides its new state."""

    event_on: date
    columns: dict[str, object]


def check_transition(
    state: ReferralState, request: TransitionRequest, today: date, *, appointment_on: date | None
) -> TransitionEffects:
    """Refuse an illegal move (saying what is allowed from here) or missing details; else what to record."""
    target = request.to
    if target not in TRANSITIONS[state]:
        allowed = (
            ", ".join(s.label.lower() for s in TRANSITIONS[state]) or "nothing (this referral has ended)"
        )
        raise ValidationFailed(
            f"A referral that is {state.label.lower()} cannot become {target.label.lower()}. "
            f"Allowed from here: {allowed}."
        )
    errors: dict[str, str] = {}
    if target in NEEDS_REASON and not request.reason:
        errors["reason"] = f"Give a reason: it is required for {target.label.lower()}."
    if target is S.SCHEDULED and request.appointment_on is None:
        errors["appointment_on"] = "Enter the appointment date."
    if target is S.REPORT_RECEIVED and not request.report_summary:
        errors["report_summary"] = "Write a short summary of the report."
    if target is S.CLOSED and request.patient_told_how is None:
        errors["patient_told_how"] = "Say how the patient was told of the plan."
    on = request.on or today
    if on > today:
        errors["on"] = "The date cannot be in the future."
    if errors:
        raise ValidationFailed(next(iter(errors.values())), errors)
    columns: dict[str, object] = {}
    if target is S.SENT:
        columns["sent_on"] = on
    elif target is S.SCHEDULED:
        columns["appointment_on"] = request.appointment_on
        columns["appointment_time"] = request.appointment_time or None
    elif target is S.SEEN:
        columns["visit_on"] = on
    elif target is S.NO_SHOW:
        on = request.on or min(appointment_on or today, today)
    elif target is S.REPORT_RECEIVED:
        columns["report_on"] = on
        columns["report_summary"] = request.report_summary
        if state is not S.SEEN:  # a report without a logged visit: the visit is marked seen
            columns["visit_on"] = min(appointment_on or on, on)
    elif target is S.CLOSED:
        columns["patient_told_how"] = request.patient_told_how.value if request.patient_told_how else None
    if target in TERMINAL:
        columns["closed_on"] = on
    return TransitionEffects(on, columns)


# -- timers and the next action ---------------------------------------------------------------------
class Timer(BaseModel):
    model_config = ConfigDict(frozen=True)

    routine: int = Field(ge=0, le=365)
    urgent: int = Field(ge=0, le=365)  # stat uses the urgent timers
    business_days: bool

    def due(self, start: date, urgency: Urgency, calendar: PracticeCalendar) -> date:
        days = self.urgent if urgency.uses_urgent_timers else self.routine
        return (
            add_business_days(start, days, calendar) if self.business_days else start + timedelta(days=days)
        )


class ReferralTimers(BaseModel):
    """Overdue rules from domain.md 2.2 (practice conventions, editable by an admin). DRAFT and REVIEWED have
    no timer in 2.2; their defaults here are this practice's convention."""

    model_config = ConfigDict(frozen=True)

    draft: Timer = Timer(routine=2, urgent=1, business_days=True)
    sent: Timer = Timer(routine=5, urgent=2, business_days=True)
    acknowledged: Timer = Timer(routine=3, urgent=3, business_days=True)
    accepted: Timer = Timer(routine=7, urgent=2, business_days=False)
    no_show: Timer = Timer(routine=2, urgent=2, business_days=True)
    appt_cancelled: Timer = Timer(routine=7, urgent=7, business_days=False)
    seen: Timer = Timer(routine=7, urgent=7, business_days=False)
    seen_escalate: Timer = Timer(routine=14, urgent=14, business_days=False)
    report_received: Timer = Timer(routine=3, urgent=3, business_days=True)
    reviewed: Timer = Timer(routine=3, urgent=1, business_days=True)
    failed_attempts_suggest_lost: int = Field(default=3, ge=1, le=20)


DEFAULT_TIMERS = ReferralTimers()

NEXT_ACTIONS = {
    S.DRAFT: "Send the referral",
    S.SENT: "Get the specialist's response",
    S.ACKNOWLEDGED: "Get acceptance or decline",
    S.ACCEPTED: "Schedule the appointment",
    S.SCHEDULED: "Confirm the visit happened",
    S.NO_SHOW: "Reach the patient to rebook",
    S.APPT_CANCELLED: "Rebook the appointment",
    S.SEEN: "Obtain the specialist's report",
    S.REPORT_RECEIVED: "Review the report",
    S.REVIEWED: "Tell the patient the plan",
}
OUTSIDE_WINDOW = "Appointment is after the requested-by date: seek an earlier one"


@dataclass(frozen=True)
class NextAction:
    label: str
    due_on: date
    escalate_on: date | None = None


def next_action(
    state: ReferralState,
    urgency: Urgency,
    since: date,
    calendar: PracticeCalendar,
    timers: ReferralTimers = DEFAULT_TIMERS,
    *,
    appointment_on: date | None = None,
    requested_by: date | None = None,
) -> NextAction | None:
    """The next action of a referral that entered `state` on `since`, and its due date; None once it ended.

    A scheduled referral is due on its appointment day (to record the visit), or on the requested-by date
    when the appointment falls after it (domain.md 2.2: "appointment date beyond the requested window").
    """
    if not state.is_open:
        return None
    if state is S.SCHEDULED:
        visit = appointment_on or since
        if requested_by is not None and visit > requested_by:
            return NextAction(OUTSIDE_WINDOW, requested_by)
        return NextAction(NEXT_ACTIONS[state], visit)
    timer: Timer = getattr(timers, state.value)
    due = timer.due(since, urgency, calendar)
    escalate = timers.seen_escalate.due(since, urgency, calendar) if state is S.SEEN else None
    return NextAction(NEXT_ACTIONS[state], due, escalate)


def suggests_lost_to_follow_up(
    state: ReferralState, failed_patient_attempts: int, timers: ReferralTimers = DEFAULT_TIMERS
) -> bool:
    """domain.md 2.2: suggest lost to follow-up after 3 failed attempts to reach the patient."""
    return (
        state.is_open
        and S.LOST_TO_FOLLOW_UP in TRANSITIONS[state]
        and failed_patient_attempts >= timers.failed_attempts_suggest_lost
    )


def urgency_of(text: str) -> Urgency:
    try:
        return Urgency(text.strip().lower())
    except ValueError:
        raise ValidationFailed(f"Urgency must be routine, urgent or stat, not '{text}'.") from None
