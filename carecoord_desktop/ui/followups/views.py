"""A patient's follow-ups and appointments as the chart's Follow-ups tab shows them (rich text)."""

from __future__ import annotations

from html import escape

from carecoord_desktop.domain.appointments import AppointmentRecord
from carecoord_desktop.domain.followups import FollowUpRecord, FollowUpState
from carecoord_desktop.services.followups import ChartFollowUps
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.theme import DEMO, ERROR

WHAT_CLOSES = {"follow_ups": "Follow-up", "referrals": "Referral", "transition_stays": "Discharge"}


def _window(record: FollowUpRecord, chart: ChartFollowUps) -> str:
    follow_up = record.follow_up
    text = f"{format_date(follow_up.due_from)} – {format_date(follow_up.due_to)}"
    if record.overdue(chart.today):
        return f'{text}<br><b style="color:{ERROR}">OVERDUE</b>'
    if record.state.needs_booking and follow_up.due_from <= chart.today:
        return f'{text}<br><b style="color:{DEMO}">due now</b>'
    return text


def _state(record: FollowUpRecord, visits: dict[int, AppointmentRecord]) -> str:
    text = record.state.label
    visit = visits.get(record.appointment_id or 0)
    if record.state is FollowUpState.SCHEDULED and visit is not None:
        text += f"<br><small>{escape(visit.appointment.when)}</small>"
    if record.close_reason:
        text += f"<br><small>{escape(record.close_reason)}</small>"
    return text


def _attempts(record: FollowUpRecord, chart: ChartFollowUps) -> str:
    attempts = chart.attempts.get(record.id, [])
    if not attempts:
        return EM_DASH
    last = attempts[-1]
    return f"{len(attempts)}: last {format_date(last.on)} {last.channel.label.lower()}, {last.outcome.label.lower()}"


def follow_ups_html(chart: ChartFollowUps) -> str:
    visits = {a.id: a for a in chart.appointments}
    if chart.follow_ups:
        rows = "".join(
            "<tr>"
            f"<td>{escape(r.follow_up.reason)}<br><small>{escape(r.follow_up.serves.label)}</small></td>"
            f"<td>{_window(r, chart)}</td>"
            f"<td>{escape(r.owner_label)}</td>"
            f"<td>{_state(r, visits)}</td>"
            f"<td>{escape(_attempts(r, chart))}</td>"
            "</tr>"
            for r in sorted(chart.follow_ups, key=lambda r: (not r.state.is_open, r.follow_up.due_to))
        )
        header = "".join(
            f"<th align='left'>{h}</th>" for h in ("Follow-up", "Window", "Owner", "State", "Calls")
        )
        follow_ups = f"<table cellpadding='4' cellspacing='0'><tr>{header}</tr>{rows}</table>"
    else:
        follow_ups = "<p>No follow-ups.</p>"
    if chart.appointments:
        rows = "".join(
            "<tr>"
            f"<td>{escape(a.appointment.when)}</td>"
            f"<td>{escape(a.appointment.kind.label)}<br><small>{escape(WHAT_CLOSES.get(a.about_table or '', ''))}</small></td>"
            f"<td>{escape(a.appointment.with_whom)}<br><small>{escape(a.appointment.where)}</small></td>"
            f"<td>{escape(a.status.label)}"
            + (f"<br><small>{escape(a.status_reason)}</small>" if a.status_reason else "")
            + "</td></tr>"
            for a in sorted(chart.appointments, key=lambda a: (a.appointment.on, a.id), reverse=True)
        )
        header = "".join(f"<th align='left'>{h}</th>" for h in ("When", "Visit", "With / where", "Status"))
        visits_html = f"<table cellpadding='4' cellspacing='0'><tr>{header}</tr>{rows}</table>"
    else:
        visits_html = "<p>No appointments.</p>"
    return f"<h3>Follow-ups</h3>{follow_ups}<h3>Appointments</h3>{visits_html}"
