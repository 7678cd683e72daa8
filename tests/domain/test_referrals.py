"""The referral state machine (domain.md 2.2 and issue 12): every allowed and every refused move, and timers."""

from __future__ import annotations

from datetime import date

import pytest

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referrals import (
    OUTSIDE_WINDOW,
    HowTold,
    ReferralState,
    ReferralTimers,
    Timer,
    TransitionRequest,
    Urgency,
    check_transition,
    next_action,
    suggests_lost_to_follow_up,
)

S = ReferralState
ENDS = {S.CANCELLED, S.PATIENT_DECLINED, S.LOST_TO_FOLLOW_UP}
# Written out from domain.md 2.2 by hand (not read from the module): the ends can be entered from any open
# state after sent; SCHEDULED -> SCHEDULED is a reschedule; a report may come without a logged visit.
EXPECTED = {
    S.DRAFT: {S.SENT, S.CANCELLED},
    S.SENT: {S.ACKNOWLEDGED, S.ACCEPTED, S.DECLINED, S.REPORT_RECEIVED} | ENDS,
    S.ACKNOWLEDGED: {S.ACCEPTED, S.DECLINED, S.REPORT_RECEIVED} | ENDS,
    S.ACCEPTED: {S.SCHEDULED, S.REPORT_RECEIVED} | ENDS,
    S.SCHEDULED: {S.SCHEDULED, S.SEEN, S.NO_SHOW, S.APPT_CANCELLED, S.REPORT_RECEIVED} | ENDS,
    S.NO_SHOW: {S.SCHEDULED, S.CLOSED_UNSUCCESSFUL} | ENDS,
    S.APPT_CANCELLED: {S.SCHEDULED} | ENDS,
    S.SEEN: {S.REPORT_RECEIVED} | ENDS,
    S.REPORT_RECEIVED: {S.REVIEWED} | ENDS,
    S.REVIEWED: {S.CLOSED} | ENDS,
    S.DECLINED: set(),
    S.CLOSED: set(),
    S.CLOSED_UNSUCCESSFUL: set(),
    S.CANCELLED: set(),
    S.PATIENT_DECLINED: set(),
    S.LOST_TO_FOLLOW_UP: set(),
}
TODAY = date(2026, 11, 18)  # a Wednesday


def complete_request(target: ReferralState) -> TransitionRequest:
    """The least a person must enter to make this move."""
    return TransitionRequest(
        to=target,
        reason="Specialist retired"
        if target in {*ENDS, S.DECLINED, S.APPT_CANCELLED, S.CLOSED_UNSUCCESSFUL}
        else "",
        appointment_on=date(2026, 11, 25) if target is S.SCHEDULED else None,
        report_summary="Echo normal; no change" if target is S.REPORT_RECEIVED else "",
        patient_told_how=HowTold.PHONE if target is S.CLOSED else None,
    )


ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("state", "target"), [p for p in ALL_PAIRS if p[1] in EXPECTED[p[0]]])
def test_allowed_move(state: ReferralState, target: ReferralState) -> None:
    effects = check_transition(state, complete_request(target), TODAY, appointment_on=date(2026, 11, 17))
    assert effects.event_on <= TODAY


@pytest.mark.parametrize(("state", "target"), [p for p in ALL_PAIRS if p[1] not in EXPECTED[p[0]]])
def test_refused_move_says_what_is_allowed(state: ReferralState, target: ReferralState) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_transition(state, complete_request(target), TODAY, appointment_on=None)
    message = refused.value.message
    assert "Allowed from here" in message
    for allowed in EXPECTED[state]:
        assert allowed.label.lower() in message
    if not EXPECTED[state]:
        assert "has ended" in message


@pytest.mark.parametrize(
    ("state", "target", "field"),
    [
        (S.SENT, S.DECLINED, "reason"),
        (S.SCHEDULED, S.APPT_CANCELLED, "reason"),
        (S.ACCEPTED, S.CANCELLED, "reason"),
        (S.SENT, S.PATIENT_DECLINED, "reason"),
        (S.NO_SHOW, S.LOST_TO_FOLLOW_UP, "reason"),
        (S.NO_SHOW, S.CLOSED_UNSUCCESSFUL, "reason"),
        (S.ACCEPTED, S.SCHEDULED, "appointment_on"),
        (S.SEEN, S.REPORT_RECEIVED, "report_summary"),
        (S.REVIEWED, S.CLOSED, "patient_told_how"),
    ],
)
def test_moves_that_need_details_refuse_without_them(
    state: ReferralState, target: ReferralState, field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_transition(state, TransitionRequest(to=target), TODAY, appointment_on=None)
    assert field in refused.value.field_errors


def test_report_without_a_logged_visit_marks_it_seen() -> None:
    effects = check_transition(
        S.SCHEDULED,
        TransitionRequest(to=S.REPORT_RECEIVED, report_summary="Seen, stable", on=date(2026, 11, 16)),
        TODAY,
        appointment_on=date(2026, 11, 12),
    )
    assert effects.columns["visit_on"] == date(2026, 11, 12)
    assert effects.columns["report_on"] == date(2026, 11, 16)


def test_a_future_event_date_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_transition(
            S.SCHEDULED, TransitionRequest(to=S.SEEN, on=date(2026, 11, 19)), TODAY, appointment_on=None
        )
    assert "future" in refused.value.message


# -- timers (domain.md 2.2) -------------------------------------------------------------------------
US_MA = PracticeCalendar.of("US", "MA")


@pytest.mark.parametrize(
    ("state", "urgency", "since", "due"),
    [
        # sent: 5 business days routine, 2 urgent; stat uses the urgent timers
        (S.SENT, Urgency.ROUTINE, date(2026, 11, 18), date(2026, 11, 25)),
        (S.SENT, Urgency.URGENT, date(2026, 11, 18), date(2026, 11, 20)),
        (S.SENT, Urgency.STAT, date(2026, 11, 18), date(2026, 11, 20)),
        # over Thanksgiving (Thu 26 Nov 2026): 5 business days from Mon 23 Nov is Tue 1 Dec
        (S.SENT, Urgency.ROUTINE, date(2026, 11, 23), date(2026, 12, 1)),
        (S.ACKNOWLEDGED, Urgency.ROUTINE, date(2026, 11, 20), date(2026, 11, 25)),
        # accepted: 7 calendar days, urgent 2
        (S.ACCEPTED, Urgency.ROUTINE, date(2026, 11, 20), date(2026, 11, 27)),
        (S.ACCEPTED, Urgency.URGENT, date(2026, 11, 20), date(2026, 11, 22)),
        # no-show: outreach within 2 business days (Friday -> Tuesday)
        (S.NO_SHOW, Urgency.ROUTINE, date(2026, 11, 20), date(2026, 11, 24)),
        (S.APPT_CANCELLED, Urgency.ROUTINE, date(2026, 11, 20), date(2026, 11, 27)),
        (S.SEEN, Urgency.ROUTINE, date(2026, 11, 20), date(2026, 11, 27)),
        # report review: 3 business days; Patriots' Day (MA only, 20 Apr 2026) is skipped
        (S.REPORT_RECEIVED, Urgency.ROUTINE, date(2026, 4, 17), date(2026, 4, 23)),
    ],
)
def test_due_dates(state: ReferralState, urgency: Urgency, since: date, due: date) -> None:
    action = next_action(state, urgency, since, US_MA)
    assert action is not None and action.due_on == due


def test_seen_escalates_at_fourteen_days() -> None:
    action = next_action(S.SEEN, Urgency.ROUTINE, date(2026, 11, 2), US_MA)
    assert action is not None and action.escalate_on == date(2026, 11, 16)


def test_scheduled_is_due_on_the_visit_unless_beyond_the_requested_window() -> None:
    within = next_action(
        S.SCHEDULED,
        Urgency.ROUTINE,
        TODAY,
        US_MA,
        appointment_on=date(2026, 12, 1),
        requested_by=date(2026, 12, 15),
    )
    beyond = next_action(
        S.SCHEDULED,
        Urgency.ROUTINE,
        TODAY,
        US_MA,
        appointment_on=date(2027, 1, 10),
        requested_by=date(2026, 12, 15),
    )
    assert within is not None and within.due_on == date(2026, 12, 1)
    assert beyond is not None and (beyond.label, beyond.due_on) == (OUTSIDE_WINDOW, date(2026, 12, 15))


def test_ended_referrals_have_no_next_action() -> None:
    assert next_action(S.CLOSED, Urgency.ROUTINE, TODAY, US_MA) is None


def test_timers_are_the_practices_to_change() -> None:
    timers = ReferralTimers(sent=Timer(routine=10, urgent=1, business_days=False))
    action = next_action(S.SENT, Urgency.ROUTINE, TODAY, US_MA, timers)
    assert action is not None and action.due_on == date(2026, 11, 28)


def test_lost_to_follow_up_is_suggested_after_three_failed_attempts() -> None:
    assert not suggests_lost_to_follow_up(S.NO_SHOW, 2)
    assert suggests_lost_to_follow_up(S.NO_SHOW, 3)
    assert not suggests_lost_to_follow_up(S.DRAFT, 5)
    assert not suggests_lost_to_follow_up(S.CLOSED, 5)
