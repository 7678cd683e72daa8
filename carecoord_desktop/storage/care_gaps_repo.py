"""What the care-gap rules read across the practice, and the coordinators' decisions on proposals."""

from __future__ import annotations

from datetime import date
from typing import Final

from sqlalchemy import Connection, insert, select

from carecoord_desktop.domain.care_gaps import GapKey, GapRule, ReferralFacts
from carecoord_desktop.storage.clinical_rows import new_stamps
from carecoord_desktop.storage.schema import (
    appointments,
    care_gap_decisions,
    follow_ups,
    patient_due_items,
    transition_stays,
)
from carecoord_desktop.storage.schema_referrals import referrals

_OPEN_FOLLOW_UP: Final = ("open", "scheduled", "no_show")
_OPEN_VISIT: Final = ("booked", "arrived")


def decided(conn: Connection) -> set[GapKey]:
    rows = conn.execute(
        select(care_gap_decisions.c.rule, care_gap_decisions.c.about_table, care_gap_decisions.c.about_id)
    )
    return {GapKey(GapRule(r.rule), r.about_table, r.about_id) for r in rows}


def add_decision(
    conn: Connection,
    key: GapKey,
    patient_id: int,
    decision: str,
    *,
    reason: str | None,
    follow_up_id: int | None,
    actor: str,
) -> None:
    conn.execute(
        insert(care_gap_decisions).values(
            patient_id=patient_id,
            rule=key.rule.value,
            about_table=key.about_table,
            about_id=key.about_id,
            decision=decision,
            reason=reason,
            follow_up_id=follow_up_id,
            **new_stamps(actor),
        )
    )


def stays_with_overdue_clocks(conn: Connection, today: date, since: date) -> list[int]:
    """Current stays discharged since `since` with a TCM clock still open past its due date (their due items),
    so only the few that can have a gap are read."""
    query = (
        select(transition_stays.c.id)
        .join(
            patient_due_items,
            (patient_due_items.c.source_table == transition_stays.name)
            & (patient_due_items.c.source_id == transition_stays.c.id),
        )
        .where(
            patient_due_items.c.kind.like("tcm.%"),
            patient_due_items.c.done.is_(False),
            patient_due_items.c.due_on < today,
            transition_stays.c.discharged_on >= since,
            transition_stays.c.entered_in_error_reason.is_(None),
        )
        .distinct()
        .order_by(transition_stays.c.id)
    )
    return [int(i) for i in conn.execute(query).scalars()]


def stays_with_planned_visit(conn: Connection, stay_ids: list[int]) -> set[int]:
    """Of these stays, those an open follow-up or an open appointment already serves."""
    served = select(follow_ups.c.serves_id).where(
        follow_ups.c.serves == "transition",
        follow_ups.c.serves_id.in_(stay_ids),
        follow_ups.c.status.in_(_OPEN_FOLLOW_UP),
        follow_ups.c.entered_in_error_reason.is_(None),
    )
    booked = select(appointments.c.about_id).where(
        appointments.c.about_table == transition_stays.name,
        appointments.c.about_id.in_(stay_ids),
        appointments.c.status.in_(_OPEN_VISIT),
        appointments.c.entered_in_error_reason.is_(None),
    )
    return {int(i) for i in conn.execute(served).scalars()} | {int(i) for i in conn.execute(booked).scalars()}


def referrals_waiting_for_report(conn: Connection, today: date) -> list[ReferralFacts]:
    """Open, sent referrals without a report whose next action is overdue."""
    query = (
        select(
            referrals.c.id,
            referrals.c.patient_id,
            referrals.c.specialty,
            referrals.c.is_open,
            referrals.c.sent_on,
            referrals.c.report_on,
            referrals.c.next_action_due,
        )
        .where(
            referrals.c.is_open.is_(True),
            referrals.c.entered_in_error.is_(False),
            referrals.c.sent_on.is_not(None),
            referrals.c.report_on.is_(None),
            referrals.c.next_action_due < today,
        )
        .order_by(referrals.c.next_action_due, referrals.c.id)
    )
    return [ReferralFacts(**row._asdict()) for row in conn.execute(query)]
