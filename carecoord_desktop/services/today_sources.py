"""The clinical rows of the Today screens: a coordinator's TCM clocks and overdue referrals, a provider's
referral reports to review. Each is one indexed query; services/today.py registers them per role."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from carecoord_desktop.domain.referral_worklist import WorklistRow
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.today import OpenKind, Opens, TodayRow, due_order, due_status
from carecoord_desktop.domain.transitions import MED_REC_DAYS, ClockKind, StayKind
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reach import reach_for
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import call_list_repo, referral_worklist_repo, transitions_worklist_repo
from carecoord_desktop.storage.call_list_repo import LastAttempt
from carecoord_desktop.storage.referral_worklist_repo import WorklistFilter
from carecoord_desktop.storage.schema import transition_stays

#: A TCM deadline shows on Today from this many days before it (and until it is met).
TCM_HORIZON_DAYS: Final = 3
#: A section shows at most this many rows, the most urgent first (the full lists have their own areas).
MOST_ROWS: Final = 100


def attempt_text(last: LastAttempt | None) -> str:
    """ "11/23/2026 phone, no answer" (blank: no attempt yet)."""
    if last is None:
        return ""
    return f"{short_date(last.on)} {last.channel.replace('_', ' ')}, {last.outcome.replace('_', ' ')}"


def short_date(day: date) -> str:
    """MM/DD/YYYY, as ui/dates.py shows dates (formatted by hand: strftime is slow here, and a list has many)."""
    return f"{day.month:02d}/{day.day:02d}/{day.year}"


def tcm_clocks(session: Session, today: date) -> list[TodayRow]:
    """The coordinator's open TCM clocks (their patients and those nobody coordinates) due within
    TCM_HORIZON_DAYS of discharges still in their TCM period (the last clock is due on day 30), due today first. A contact clock opens the call dialog (the attempt counts toward the
    clock), when the patient may be called; the others open the chart's Transitions tab."""
    session.require(Permission.VIEW_TRANSITIONS, "today.view")
    with session.vault.read() as conn:
        found = transitions_worklist_repo.open_clocks(
            conn,
            coordinator_id=session.user.id,
            with_unassigned=True,
            due_by=today + timedelta(days=TCM_HORIZON_DAYS),
            discharged_since=today - timedelta(days=MED_REC_DAYS),  # the last clock is due on day 30
        )[:MOST_ROWS]
        contacts = [r for r in found if r.kind == ClockKind.CONTACT.due_item_kind]
        reaches = reach_for(conn, (r.patient_id for r in contacts))
        tried = call_list_repo.last_attempts(conn, transition_stays.name, [r.stay_id for r in contacts])
    rows = []
    for r in found:
        clock = ClockKind(r.kind.removeprefix("tcm."))
        reach = reaches.get(r.patient_id) if clock is ClockKind.CONTACT else None
        call = reach is not None and session.can(Permission.RECORD_CONTACT_ATTEMPTS)
        rows.append(
            TodayRow(
                source="tcm",
                kind=clock.due_item_label,
                due_on=r.due_on,
                status=due_status(r.due_on, today),
                what=f"{clock.label} · {StayKind(r.stay_kind).label}, discharged "
                f"{short_date(r.discharged_on)} from {r.facility_name}",
                patient_id=r.patient_id,
                patient_name=f"{r.family_name}, {r.given_name}",
                mrn=r.mrn,
                opens=Opens(OpenKind.CALL) if call else Opens(OpenKind.CHART, section="transitions"),
                about=(transition_stays.name, r.stay_id) if call else None,
                reach=reach if call else None,
                last_attempt=attempt_text(tried.get(r.stay_id)) if call else "",
            )
        )
    return sorted(rows, key=due_order)


def _referral_rows(
    session: Session, today: date, source: str, kind: str, flt: WorklistFilter
) -> list[TodayRow]:
    session.require(Permission.VIEW_REFERRALS, "today.view")
    with session.vault.read() as conn:
        found = referral_worklist_repo.worklist_page(conn, flt, today, sort="due", limit=MOST_ROWS)
    return sorted((_referral_row(r, today, source, kind) for r in found), key=due_order)


def _referral_row(r: WorklistRow, today: date, source: str, kind: str) -> TodayRow:
    action = r.next_action or ReferralState(r.state).label
    return TodayRow(
        source=source,
        kind=kind,
        due_on=r.next_action_due,
        status=due_status(r.next_action_due, today),
        what=f"{r.specialty} referral to {r.directory_name} ({r.reason}): {action[:1].lower()}{action[1:]}",
        patient_id=r.patient_id,
        patient_name=r.patient_name,
        mrn=r.mrn,
        opens=Opens(OpenKind.REFERRAL, record_id=r.id),
    )


def overdue_referrals(session: Session, today: date) -> list[TodayRow]:
    """The coordinator's open referrals whose next action is overdue; a row opens the referral."""
    flt = WorklistFilter(coordinator_id=session.user.id, overdue_only=True)
    return _referral_rows(session, today, "referrals", "Overdue referral", flt)


def coordinator_follow_ups(session: Session, today: date) -> list[TodayRow]:
    """Follow-ups owned by nurse coordinators (or by this one) whose window has started and that nobody has
    booked yet; a row opens the chart's Follow-ups tab."""
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "today.view")
    with session.vault.read() as conn:
        found = call_list_repo.follow_ups_due(
            conn, today, role=Role.NURSE_COORDINATOR.value, staff_id=session.user.id, limit=MOST_ROWS
        )
    rows = [
        TodayRow(
            source="followups",
            kind="Missed visit" if t.state == "no_show" else "Follow-up",
            due_on=t.due_on,
            status=due_status(t.due_on, today),
            what=f"{t.about}: due {short_date(t.on or today)} to {short_date(t.due_on or today)}",
            patient_id=t.patient_id,
            patient_name=f"{t.family_name}, {t.given_name}",
            mrn=t.mrn,
            opens=Opens(OpenKind.CHART, section="followups"),
        )
        for t in found
    ]
    return sorted(rows, key=due_order)[:MOST_ROWS]


def reports_to_review(session: Session, today: date) -> list[TodayRow]:
    """Specialists' reports back on the provider's referrals, waiting for their review."""
    flt = WorklistFilter(provider_id=session.user.id, states=(ReferralState.REPORT_RECEIVED.value,))
    return _referral_rows(session, today, "reports", "Report to review", flt)
