"""How a patient's care plan reads on the chart: the nine elements, the review schedule (marked when due),
the copy given, what the last revision changed, earlier versions and reviews."""

from __future__ import annotations

from datetime import date
from html import escape

from carecoord_desktop.domain.care_plans import CarePlanRecord, ResponsibleKind
from carecoord_desktop.services.care_plans import ChartCarePlan
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.theme import ERROR


def _items(lines: list[str], empty: str = "None written.") -> str:
    if not lines:
        return f"<p><i>{escape(empty)}</i></p>"
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table cellspacing="0" cellpadding="3" border="0"><tr>{head}</tr>{body}</table>'


def plan_html(record: CarePlanRecord, today: date, names: dict[str, str]) -> str:
    p = record.plan
    due = record.review_due(today)
    review = f"Every {p.review_every_months} months; next review {format_date(p.next_review_on)}"
    if due:
        review = f'<b style="color:{ERROR}">Review due: {format_date(p.next_review_on)}</b> (every {p.review_every_months} months)'
    copy = format_date(record.copy_given_on) if record.copy_given_on else "not recorded yet"
    parts = [
        f"<h3>{escape(p.title)}</h3>",
        f"<p>Version {record.version}, written {format_date(record.stamps.created_at[:10])} by "
        f"{escape(names.get(record.stamps.created_by, record.stamps.created_by))}. Copy given to the patient: {copy}.<br/>{review}</p>",
    ]
    if record.changes:
        parts.append(f"<p><b>What changed:</b> {escape(record.changes).replace(chr(10), '<br/>')}</p>")
    parts.append("<h4>Problems</h4>" + _items([escape(x.text) for x in p.problems]))
    outlook = " ".join(escape(x) for x in (p.expected_outcome, p.prognosis) if x)
    parts.append(f"<h4>Expected outcome and prognosis</h4><p>{outlook or '<i>None written.</i>'}</p>")
    goals = [
        [
            escape(g.description),
            escape(g.measure),
            escape(g.target),
            format_date(g.due_on),
            escape(g.lifecycle.label + (f", {g.achievement.label.lower()}" if g.achievement else "")),
        ]
        for g in p.goals
    ]
    parts.append(
        "<h4>Goals</h4>"
        + (_table(["Goal", "Measure", "Target", "Due", "Status"], goals) if goals else _items([]))
    )
    parts.append("<h4>Symptom management</h4>" + _items([escape(x) for x in p.symptom_management]))
    interventions = [
        [
            escape(i.description),
            escape(
                "Patient" if i.responsible.kind is ResponsibleKind.PATIENT else i.responsible.name or EM_DASH
            ),
            escape(
                "; ".join(
                    x for x in (i.frequency or "", f"by {format_date(i.due_on)}" if i.due_on else "") if x
                )
            ),
            escape(i.status.label),
        ]
        for i in p.interventions
    ]
    parts.append(
        "<h4>Interventions (what we will do)</h4>"
        + (_table(["What", "Responsible", "When", "Status"], interventions) if interventions else _items([]))
    )
    parts.append(
        "<h4>Medication management</h4>"
        + _items([escape(p.medication_management)] if p.medication_management else [])
    )
    parts.append(
        "<h4>Community and social services</h4>"
        + _items(
            [escape(f"{c.service}: {c.contact}" if c.contact else c.service) for c in p.community_services]
        )
    )
    parts.append(
        "<h4>Coordination with outside providers</h4>"
        + _items(
            [
                escape(f"{c.provider}: {c.how}" + (f" (referral #{c.referral_id})" if c.referral_id else ""))
                for c in p.coordination
            ]
        )
    )
    parts.append("<h4>Education</h4>" + _items([escape(x) for x in p.education]))
    parts.append("<h4>Call us if</h4>" + _items([escape(x) for x in p.call_us_if]))
    parts.append("<h4>Call 911 if</h4>" + _items([escape(x) for x in p.call_911_if]))
    parts.append(f"<h4>Review schedule</h4><p>{review}</p>")
    return "".join(parts)


def chart_html(shown: ChartCarePlan, today: date) -> str:
    """The whole tab: the active plan, then its reviews and earlier versions."""
    if shown.active is None:
        return (
            "<p>No care plan yet. Choose the templates that fit this patient's conditions below, then "
            "<b>New care plan…</b>: the form starts from their goals, interventions, education and warning "
            "signs, and the chart's current problems.</p>"
        )
    parts = [plan_html(shown.active, today, shown.names)]
    reviews = [
        [
            format_date(r.reviewed_on),
            escape(r.reviewer),
            escape(
                "; ".join(f"goal {g.goal + 1}: {g.achievement.label.lower()}" for g in r.progress) or EM_DASH
            ),
            escape(r.note or ""),
        ]
        for r in shown.reviews
    ]
    parts.append(
        "<h4>Reviews</h4>"
        + (
            _table(["Date", "Reviewer", "Goal progress", "Note"], reviews)
            if reviews
            else _items([], "Not reviewed yet.")
        )
    )
    if shown.earlier:
        earlier = [
            [
                str(r.version),
                escape(r.status.label),
                format_date(r.stamps.created_at[:10]),
                escape(r.plan.title),
            ]
            for r in shown.earlier
        ]
        parts.append("<h4>Earlier versions</h4>" + _table(["Version", "Status", "Written", "Title"], earlier))
    return "".join(parts)
