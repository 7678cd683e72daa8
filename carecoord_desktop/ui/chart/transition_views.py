"""How a patient's stays read on the chart: the stay, its TCM clocks against today, LACE and HOSPITAL item by
item (a missing input says "missing", never 0)."""

from __future__ import annotations

from datetime import date
from html import escape

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.contact_attempts import AttemptRecord
from carecoord_desktop.domain.discharge_checklist import TaskRecord
from carecoord_desktop.domain.readmission_risk import RiskScore
from carecoord_desktop.domain.transitions import ClockStatus, StayRecord, TcmClock, clock_status, tcm_dates
from carecoord_desktop.services.transitions import ChartStay
from carecoord_desktop.ui.dates import EM_DASH, format_date

STATUS_COLOURS = {
    ClockStatus.MET: "#1b6e3a",
    ClockStatus.MET_LATE: "#8a5a00",
    ClockStatus.DUE: "#245870",
    ClockStatus.DUE_TODAY: "#8a5a00",
    ClockStatus.OVERDUE: "#b3261e",
}


def _status(clock: TcmClock) -> str:
    colour = STATUS_COLOURS[clock.status]
    return f'<b style="color:{colour}">{clock.status.label}</b>'


def _clocks_html(record: StayRecord, today: date, calendar: PracticeCalendar) -> str:
    clocks = record.clocks(today, calendar)
    if not clocks:
        return f"<p><i>No TCM clock: {escape(record.tcm_qualification.reason)}</i></p>"
    dates = tcm_dates(record.stay.discharged_on, calendar)
    rows = "".join(
        f"<tr><td>{c.label}</td><td>{format_date(c.due_on)}</td><td>{_status(c)}</td>"
        f"<td>{format_date(c.met_on) if c.met_on else EM_DASH}</td>"
        f'<td style="color:#555">{escape(c.kind.satisfied_by)}</td></tr>'
        for c in clocks
    )
    return (
        f"<p>TCM: {escape(record.stay.complexity.label)}; the 30-day period ends "
        f"{format_date(dates.period_end)}.</p>"
        '<table cellspacing="0" cellpadding="3" border="0">'
        "<tr><th align='left'>Clock</th><th align='left'>Due</th><th align='left'>Status</th>"
        "<th align='left'>Done</th><th align='left'>What satisfies it</th></tr>"
        f"{rows}</table>"
    )


def score_html(score: RiskScore | None) -> str:
    if score is None:
        return ""
    items = "".join(
        f"<li>{escape(item.label)}: <i>missing</i></li>"
        if item.points is None
        else f"<li>{escape(item.label)}: {escape(item.value)} → {item.points}</li>"
        for item in score.items
    )
    return f"<p><b>{escape(score.summary())}</b></p><ul>{items}</ul>"


def stay_title(record: StayRecord) -> str:
    stay = record.stay
    return (
        f"{stay.kind.label} · {stay.facility_name} · {format_date(stay.admitted_on)} – "
        f"{format_date(stay.discharged_on)} · {stay.disposition.label}"
    )


def checklist_html(tasks: list[TaskRecord], today: date) -> str:
    if not tasks:
        return ""
    rows = "".join(
        f"<tr><td>{escape(t.task.label)}</td><td>{escape(t.owner.label)}</td><td>{format_date(t.due_on)}</td>"
        f"<td>{_task_status(t, today)}</td></tr>"
        for t in tasks
    )
    return (
        "<p>Discharge checklist:</p>"
        '<table cellspacing="0" cellpadding="3" border="0">'
        "<tr><th align='left'>Task</th><th align='left'>Owner</th><th align='left'>Due</th>"
        f"<th align='left'>Status</th></tr>{rows}</table>"
    )


def _task_status(task: TaskRecord, today: date) -> str:
    status = clock_status(task.due_on, task.done_on, today)
    done = f" {format_date(task.done_on)} ({escape(task.done_by or '')})" if task.done_on else ""
    return f'<b style="color:{STATUS_COLOURS[status]}">{status.label}</b>{done}'


def attempts_html(attempts: list[AttemptRecord]) -> str:
    if not attempts:
        return ""
    items = "".join(
        f"<li>{format_date(a.on)}: {a.channel.label.lower()}, {a.outcome.label.lower()} "
        f"({escape(a.by_name)}){': ' + escape(a.note) if a.note else ''}</li>"
        for a in attempts
    )
    return f"<p>Contact attempts:</p><ul>{items}</ul>"


def stay_html(shown: ChartStay, today: date, calendar: PracticeCalendar) -> str:
    record = shown.record
    stay = record.stay
    facts = [
        ("Admission", stay.admission_type.label if stay.admission_type else "not known"),
        ("Diagnoses", "; ".join(stay.diagnoses) or EM_DASH),
        (
            "Discharge summary",
            f"received {format_date(stay.summary_received_on)}"
            if stay.summary_received_on
            else "not received",
        ),
    ]
    if stay.note:
        facts.append(("Note", stay.note))
    lines = "<br>".join(f"{label}: {escape(value)}" for label, value in facts)
    return (
        f"<h3>{escape(stay_title(record))}</h3><p>{lines}</p>"
        f"{_clocks_html(record, today, calendar)}{checklist_html(shown.tasks, today)}{attempts_html(shown.attempts)}"
        f"{score_html(stay.lace())}{score_html(stay.hospital())}"
    )


def stays_html(records: list[ChartStay], today: date, calendar: PracticeCalendar) -> str:
    if not records:
        return "<p>No hospital stays, ED visits, observation or SNF stays recorded.</p>"
    return "<hr>".join(stay_html(r, today, calendar) for r in records)
