"""Care-gap rules (domain.md 9) that propose follow-ups: post-discharge follow-up and the referral loop now;
the rest (HbA1c, blood pressure, screenings, wellness visits) once their clinical data exists.

- Post-discharge (Noridian TCM; NCQA TRC, MRP): no interactive contact by the 2nd business day; no visit by
  day 7 (high complexity) or 14 with none booked; no medication reconciliation by day 30. Proposed from the
  day after the deadline, for discharges of the last `LOOK_BACK_DAYS`.
- Referral loop (CMS50): a sent referral still waiting for the consult report past its next action's due date.

A coordinator accepts a proposal (it becomes a follow-up) or dismisses it with a reason; either way it is not
proposed again. Pure: callers pass today, the calendar and what is already booked or decided.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from carecoord_desktop.domain.calendar import PracticeCalendar, add_business_days
from carecoord_desktop.domain.followups import FollowUp, Serves
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.transitions import ClockKind, ClockStatus, StayRecord

LOOK_BACK_DAYS: Final = 60
STAY_TABLE: Final = "transition_stays"
REFERRAL_TABLE: Final = "referrals"


class GapRule(StrEnum):
    TCM_CONTACT = "tcm_contact"
    TCM_VISIT = "tcm_visit"
    MED_REC = "med_rec"
    REFERRAL_REPORT = "referral_report"

    @property
    def label(self) -> str:
        return GAP_LABELS[self]


GAP_LABELS: Final = {
    GapRule.TCM_CONTACT: "No contact after discharge",
    GapRule.TCM_VISIT: "No visit after discharge",
    GapRule.MED_REC: "No medication reconciliation after discharge",
    GapRule.REFERRAL_REPORT: "Consult report not received",
}
_CLOCK_RULES: Final = {
    ClockKind.CONTACT: (
        GapRule.TCM_CONTACT,
        "Call after discharge: TCM contact missed",
        Role.NURSE_COORDINATOR,
    ),
    ClockKind.VISIT: (GapRule.TCM_VISIT, "Book the overdue post-discharge visit", Role.FRONT_DESK),
    ClockKind.MED_REC: (GapRule.MED_REC, "Medication reconciliation after discharge", Role.NURSE_COORDINATOR),
}


@dataclass(frozen=True)
class GapKey:
    rule: GapRule
    about_table: str
    about_id: int


@dataclass(frozen=True)
class CareGap:
    key: GapKey
    patient_id: int
    found: str  # what is missing, in a sentence
    proposal: FollowUp


@dataclass(frozen=True)
class ReferralFacts:
    """What the referral-loop rule reads of a referral (logistics only)."""

    id: int
    patient_id: int
    specialty: str
    is_open: bool
    sent_on: date | None
    report_on: date | None
    next_action_due: date | None


def _window(today: date, calendar: PracticeCalendar, business_days: int) -> tuple[date, date]:
    return today, add_business_days(today, business_days, calendar)


def post_discharge_gaps(
    stay: StayRecord, today: date, calendar: PracticeCalendar, *, visit_planned: bool
) -> list[CareGap]:
    """The stay's missed TCM work, each with the follow-up that would close it. `visit_planned`: an open
    follow-up or appointment already serves the stay's visit (then no visit gap)."""
    if stay.entered_in_error is not None or not stay.stay.qualification.qualifies:
        return []
    if stay.stay.discharged_on < today - timedelta(days=LOOK_BACK_DAYS):
        return []
    gaps = []
    for clock in stay.clocks(today, calendar):
        if clock.status is not ClockStatus.OVERDUE:
            continue
        if clock.kind is ClockKind.VISIT and visit_planned:
            continue
        rule, reason, owner = _CLOCK_RULES[clock.kind]
        start, end = _window(today, calendar, 1 if clock.kind is ClockKind.CONTACT else 5)
        gaps.append(
            CareGap(
                GapKey(rule, STAY_TABLE, stay.id),
                stay.patient_id,
                f"{rule.label}: due {clock.due_on:%m/%d/%Y} (discharged {stay.stay.discharged_on:%m/%d/%Y}).",
                FollowUp(
                    reason=reason,
                    due_from=start,
                    due_to=end,
                    owner_role=owner,
                    serves=Serves.TRANSITION,
                    serves_id=stay.id,
                ),
            )
        )
    return gaps


def referral_loop_gap(referral: ReferralFacts, today: date, calendar: PracticeCalendar) -> CareGap | None:
    """A sent referral still without its report, past its next action's due date."""
    due = referral.next_action_due
    if not referral.is_open or referral.sent_on is None or referral.report_on is not None:
        return None
    if due is None or due >= today:
        return None
    start, end = _window(today, calendar, 3)
    return CareGap(
        GapKey(GapRule.REFERRAL_REPORT, REFERRAL_TABLE, referral.id),
        referral.patient_id,
        f"{GapRule.REFERRAL_REPORT.label}: {referral.specialty} referral sent {referral.sent_on:%m/%d/%Y}, "
        f"overdue since {due:%m/%d/%Y}.",
        FollowUp(
            reason=f"Chase the {referral.specialty} consult report"[:200],
            due_from=start,
            due_to=end,
            owner_role=Role.NURSE_COORDINATOR,
            serves=Serves.REFERRAL,
            serves_id=referral.id,
        ),
    )


def undecided(gaps: list[CareGap], decided: Collection[GapKey]) -> list[CareGap]:
    """The proposals nobody has accepted or dismissed yet."""
    return [g for g in gaps if g.key not in decided]
