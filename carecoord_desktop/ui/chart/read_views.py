"""The chart's read-only sections as rich text: what a person scans before deciding to edit."""

from __future__ import annotations

from html import escape

from carecoord_desktop.domain.clinical_summary import allergy_banner
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.contact import ContactConsent
from carecoord_desktop.domain.patients import PatientStatus
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.ui.chart.formatting import html_heading, html_rows, language, phone, words
from carecoord_desktop.ui.dates import EM_DASH, format_date, format_stamp

CLINICAL_HIDDEN = "Clinical details are not available to your role."


def _staff(chart: Chart, staff_id: int | None) -> str:
    if staff_id is None:
        return "Not assigned"
    return chart.staff_names.get(staff_id, f"Staff #{staff_id}")


def summary_html(chart: Chart, clock: PracticeClock) -> str:
    p = chart.patient
    today = clock.today()
    status = words(p.status)
    if p.status is PatientStatus.DECEASED and p.date_of_death:
        status += f" ({format_date(p.date_of_death)})"
    insurance = (
        f"{p.insurance.payer_name} · member {p.insurance.member_id}"
        + (f" · group {p.insurance.group_number}" if p.insurance.group_number else "")
        if p.insurance
        else "None on file"
    )
    programs = [
        f"{e.program.label} ({e.program.name}) — started {format_date(e.started_on)}"
        + (f", consent {format_date(e.consent_date)}" if e.consent_date else "")
        + (f", ended {format_date(e.ended_on)}" if e.ended_on else "")
        for e in p.programs
    ] or ["None"]
    rows = [
        ("Date of birth", f"{format_date(p.date_of_birth)} ({p.age_text(today)})"),
        ("Sex assigned at birth", words(p.sex_at_birth)),
        ("Gender identity", words(p.gender_identity) if p.gender_identity else "Not recorded"),
        ("Pronouns", p.pronouns or "Not recorded"),
        (
            "Preferred language",
            language(p.preferred_language) + (" — interpreter needed" if p.interpreter_needed else ""),
        ),
        ("Status", status),
        ("Primary care provider", _staff(chart, p.pcp_id)),
        ("Care coordinator", _staff(chart, p.coordinator_id)),
        ("Insurance", insurance),
    ]
    rows += [("Programs" if i == 0 else "", text) for i, text in enumerate(programs)]
    text = html_heading("Identity and care") + html_rows(rows)
    if chart.clinical_visible:
        clinical = p.clinical
        risk = clinical.risk_tier
        risk_text = (
            f"{words(risk.tier)} — {risk.reason} (set by {_staff(chart, risk.set_by)} on {format_date(risk.set_on)})"
            if risk
            else "Not set"
        )
        current = clinical.current_problems()
        text += html_heading("Clinical summary") + html_rows(
            [
                ("Risk tier", risk_text),
                ("Allergies", allergy_banner(clinical).removeprefix("Allergies: ")),
                ("Current problems", "; ".join(pr.text for pr in current) or "None recorded"),
            ]
        )
    return text


def _consent(consent: ContactConsent | None) -> str:
    if consent is None:
        return "Not asked"
    return f"{'Yes' if consent.granted else 'No'} (recorded {format_date(consent.recorded_on)})"


def contact_html(chart: Chart) -> str:
    p = chart.patient
    c = p.contact
    rows = [
        ("Mobile phone", phone(p.phones.mobile)),
        ("Home phone", phone(p.phones.home)),
        ("Work phone", phone(p.phones.work)),
        ("Email", p.email or EM_DASH),
        ("Address", p.address.one_line() if p.address else EM_DASH),
    ]
    preferences = [
        ("Preferred channel", words(c.preferred_channel) if c.preferred_channel else "No preference"),
        (
            "Best time",
            (words(c.best_time) if c.best_time else "Any time")
            + (f" — {c.best_time_note}" if c.best_time_note else ""),
        ),
        ("Voicemail", _consent(c.voicemail_consent)),
        ("Text messages", _consent(c.text_consent)),
        ("Email", _consent(c.email_consent)),
        (
            "Do not contact by",
            ", ".join(words(ch) for ch in c.do_not_contact)
            + (f" — {c.do_not_contact_reason}" if c.do_not_contact_reason else "")
            if c.do_not_contact
            else "No restrictions",
        ),
    ]
    text = html_heading("How to reach") + html_rows(rows)
    text += html_heading("Preferences and consent") + html_rows(preferences)
    text += html_heading("Caregivers and family")
    if not c.caregivers:
        return text + "<p style='color:#5b6b78'>None recorded.</p>"
    for person in c.caregivers:
        roles = [
            r
            for r, on in (
                ("emergency contact", person.is_emergency_contact),
                ("health care proxy", person.is_health_care_proxy),
            )
            if on
        ]
        sharing = person.sharing
        if sharing is None:
            shared = "Patient not asked about sharing"
        elif sharing.authorized:
            shared = (
                f"May share: {', '.join(words(s).lower() for s in sharing.scopes)} "
                f"(authorized {format_date(sharing.authorized_on)}"
                + (f", expires {format_date(sharing.expires_on)}" if sharing.expires_on else "")
                + ")"
            )
        else:
            shared = f"Sharing declined ({format_date(sharing.authorized_on)})"
        text += html_rows(
            [
                (
                    person.name,
                    f"{words(person.relationship)}"
                    + (f", {' and '.join(roles)}" if roles else "")
                    + f" · {phone(person.phone)}"
                    + (f" · {person.email}" if person.email else ""),
                ),
                ("", shared),
            ]
        )
    return text


def clinical_html(chart: Chart) -> str:
    clinical = chart.patient.clinical
    text = html_heading("Problem list")
    if clinical.problems:
        # the status in the label column, the problem itself in the value style: a name is not a label
        text += html_rows(
            [
                (
                    words(pr.status),
                    pr.text
                    + (f" · {words(pr.code_system)} {pr.code}" if pr.code_system and pr.code else "")
                    + (f" · onset {format_date(pr.onset)}" if pr.onset else ""),
                )
                for pr in clinical.problems
            ]
        )
    else:
        text += "<p style='color:#5b6b78'>No problems recorded.</p>"
    text += html_heading("Allergies")
    if clinical.allergies:
        text += html_rows(
            [
                (
                    words(a.severity) if a.severity else "Severity not known",
                    a.substance
                    + (f" · {words(a.category)}" if a.category else "")
                    + (f" · {', '.join(a.reactions)}" if a.reactions else ""),
                )
                for a in clinical.allergies
            ]
        )
    else:
        text += f"<p>{escape(allergy_banner(clinical))}.</p>"
    risk = clinical.risk_tier
    text += html_heading("Risk tier")
    text += html_rows(
        [
            ("Tier", words(risk.tier) if risk else "Not set"),
            ("Reason", risk.reason if risk else EM_DASH),
            ("Set by", f"{_staff(chart, risk.set_by)} on {format_date(risk.set_on)}" if risk else EM_DASH),
        ]
    )
    return text


def care_team_html(chart: Chart) -> str:
    team = chart.patient.care_team
    if not team:
        return html_heading("Care team") + "<p style='color:#5b6b78'>No care team members recorded.</p>"
    rows = []
    for member in team:
        if member.staff_id is not None:
            who, detail = _staff(chart, member.staff_id), "Practice staff"
        else:
            who = member.name or EM_DASH
            detail = " · ".join(
                x
                for x in (
                    member.specialty,
                    member.organization,
                    phone(member.phone) if member.phone else None,
                )
                if x
            )
        rows.append((words(member.role), f"{who}" + (f" — {detail}" if detail else "")))
    return html_heading("Care team") + html_rows(rows)


def updated_line(chart: Chart, clock: PracticeClock) -> str:
    return f"Last changed {format_stamp(chart.updated_at, clock)} by {chart.updated_by}"
