"""The discharge packet's sections, each a list of flowables; every one prints, with an "ask for" line when the
app holds nothing for it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from carecoord_desktop.documents.blocks import heading, label_rows, list_table, section
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.coverage import nfc
from carecoord_desktop.documents.discharge_packet_model import (
    DischargePacket,
    MedicineSource,
    TcmLine,
    TransitionRecord,
)
from carecoord_desktop.documents.frame import paragraph
from carecoord_desktop.documents.med_blocks import MedicineLine, medicines_table, schedule_grid
from carecoord_desktop.documents.month_calendar import month_calendar, months_between
from carecoord_desktop.documents.typescale import RULE, Styles
from carecoord_desktop.domain.medication_records import ChangeMark

BOX = "☐"  # a box to tick on the teach-back sign-off


def _gap(st: Styles) -> Spacer:
    return Spacer(1, st.scale.padding * 2)


@cache
def _bullet_style(st: Styles) -> ParagraphStyle:
    """Body text hung from its bullet, so a long sign wraps under its own words, not under the bullet."""
    return ParagraphStyle(
        "bullet",
        parent=st.body,
        leftIndent=st.scale.body * 1.3,
        bulletIndent=2,
        bulletFontName=st.body.fontName,
        bulletFontSize=st.body.fontSize,
    )


def _bullets(items: Sequence[str], st: Styles) -> list[Flowable]:
    style = _bullet_style(st)
    return [Paragraph(escape(nfc(item)), style, bulletText="•") for item in items]


def _sub(title: str, items: Sequence[str], empty: str, st: Styles) -> list[Flowable]:
    """A small heading and its bullet list, or the line saying what to ask for."""
    body = _bullets(items, st) if items else [paragraph(empty, st.body)]
    return [_gap(st), KeepTogether([paragraph(title, st.bold), *body[:1]]), *body[1:]]


def cover(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    stay = t(
        "cover_stay_value",
        kind=t.label("kind", p.stay_kind),
        facility=p.facility,
        admitted=t.date(p.admitted_on),
        discharged=t.date(p.discharged_on),
    )
    rows = [
        (t("cover_for"), p.frame.patient_name),
        (t("cover_born"), t.date(p.frame.date_of_birth)),
        (t("cover_went_home"), t.date(p.discharged_on)),
        (t("cover_stay"), stay),
        (t("cover_going_to"), t.label("disposition", p.disposition)),
    ]
    flow: list[Flowable] = [paragraph(t("cover_intro"), st.body), _gap(st), label_rows(rows, st, width)]
    reasons = _bullets(p.reasons, st) if p.reasons else [paragraph(t("reason_empty"), st.body)]
    flow += [*section(t("reason"), reasons[0], st), *reasons[1:]]
    if p.handouts:
        flow += _sub(t("handouts_included"), [h.title for h in p.handouts], "", st)
    return flow


def care_team(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    rows = [
        (t.label("role", c.role), "\n".join(x for x in (c.name, c.detail, c.phone) if x)) for c in p.care_team
    ]
    call = t("call_us_value", number=p.practice_phone) if p.practice_phone else t("call_us_missing")
    rows.append((t("call_us"), call))
    rows.append((t("after_hours"), p.after_hours_phone or t("after_hours_missing")))
    flow: list[Flowable] = [KeepTogether([heading(t("care_team"), st), label_rows(rows, st, width)])]
    if not p.care_team:
        flow.append(paragraph(t("care_team_empty"), st.small))
    return flow


def _schedule(lines: Sequence[MedicineLine], t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    """The daily grid (the medicine blocks'): a row per medicine taken at set times, the dose under each time."""
    grid = schedule_grid(lines, t.language, st, width)
    title = paragraph(t("schedule"), st.bold)
    if grid is None:
        return [_gap(st), KeepTogether([title, paragraph(t("schedule_empty"), st.body)])]
    return [_gap(st), CondPageBreak(st.bold.leading + 8 * st.body.leading), title, grid]


def medicines(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    m = p.medicines
    if m.source is MedicineSource.NONE and not m.medicines:
        return section(t("medicines"), t("medicines_empty"), st)
    if m.source is MedicineSource.RECONCILIATION and m.reconciled_on is not None:
        key = "medicines_reconciled_by" if m.reconciled_by else "medicines_reconciled"
        intro = t(key, date=t.date(m.reconciled_on), name=m.reconciled_by)
    else:
        intro = t("medicines_not_reconciled")
    flow = section(t("medicines"), intro, st)
    if (
        m.source is not MedicineSource.RECONCILIATION
    ):  # no new/changed/stopped marks: one list, headed as such
        flow += [_gap(st), medicines_table(m.medicines, t.language, st, width, marks=False)]
        return flow + _schedule(m.medicines, t, st, width)
    groups: list[tuple[str, list[MedicineLine]]] = [
        (f"group.{mark.value}", [x for x in m.medicines if x.mark is mark]) for mark in ChangeMark
    ]
    unmarked = [x for x in m.medicines if x.mark is None]  # added to the list since it was signed
    if unmarked:
        groups.append(("group.unmarked", unmarked))
    for key, lines in groups:
        flow += [
            _gap(st),
            CondPageBreak(st.bold.leading + 10 * st.body.leading),
        ]  # a title with its first rows
        title = paragraph(t(key), st.bold)
        if lines:
            why = key in ("group.changed", "group.stopped")  # the reason for the change, in its own column
            flow += [title, medicines_table(lines, t.language, st, width, marks=why)]
        else:
            flow.append(KeepTogether([title, paragraph(t("group_empty"), st.body)]))
    return flow + _schedule(m.medicines, t, st, width)


def _calendar_days(p: DischargePacket) -> list[date]:
    days = [a.on for a in p.appointments]
    if p.visit_due_by is not None and not days:
        days.append(p.visit_due_by)
    return days


def appointments(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if p.appointments:
        rows = [
            [
                f"{t.date(a.on)} {a.at.strftime(t('time_format')).lstrip('0')}" if a.at else t.date(a.on),
                a.with_whom,
                a.where or "",
                a.what_for or (t.label("appointment_kind", a.kind) if a.kind else ""),
            ]
            for a in sorted(p.appointments, key=lambda a: (a.on, a.at or time.min))
        ]
        header = [t("appointment_when"), t("appointment_with"), t("appointment_where"), t("appointment_why")]
        flow = section(t("appointments"), list_table(header, rows, (2.6, 3.2, 3.2, 3), st, width), st)
    else:
        flow = section(t("appointments"), t("appointments_empty"), st)
    if p.visit_due_by is not None:
        flow += [_gap(st), paragraph(t("visit_due", date=t.date(p.visit_due_by)), st.bold)]
    marked = set(_calendar_days(p))
    first = min(marked, default=p.discharged_on)
    last = max(marked, default=p.discharged_on)
    weekdays = t("weekdays").split()
    for year, month in months_between(first, last):
        title = f"{t(f'month.{month}')} {year}"
        flow += [
            _gap(st),
            KeepTogether(month_calendar(year, month, marked, title, weekdays, st, width * 0.75)),
        ]
    if marked:
        flow.append(paragraph(t("calendar_marked"), st.small))
    return flow


def pending_tests(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if p.pending_tests:
        rows = [[x.test, x.follow_up_by, t.date(x.by_when) if x.by_when else ""] for x in p.pending_tests]
        header = [t("test"), t("follow_up_by"), t("by_when")]
        flow = section(t("pending_tests"), list_table(header, rows, (5, 4, 2.4), st, width), st)
    else:
        flow = section(t("pending_tests"), t("pending_tests_empty"), st)
    f = p.pending_follow_up
    if f is not None:
        who = f"{f.who} ({t.label('role', f.role)})" if f.who else t.label("role", f.role)
        line = (
            t("pending_follow_up_done", who=who, date=t.date(f.done_on))
            if f.done_on
            else t("pending_follow_up", who=who, date=t.date(f.due_on))
        )
        flow += [_gap(st), paragraph(line, st.body)]
    return flow


def home_care(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    flow: list[Flowable] = [*section(t("home_care"), paragraph(t("education"), st.bold), st)]
    flow += _bullets(p.education, st) if p.education else [paragraph(t("education_empty"), st.body)]
    flow += _sub(t("diet"), p.diet, t("diet_empty"), st)
    flow += _sub(t("activity"), p.activity, t("activity_empty"), st)
    flow += _sub(t("equipment"), p.equipment, t("equipment_empty"), st)
    home = [t("home_health_yes")] if p.home_health else []
    flow += _sub(t("home_health"), home, t("home_health_empty"), st)
    return flow


def red_flags(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    flow: list[Flowable] = []
    for key, items in (("call_us_if", p.call_us_if), ("call_911_if", p.call_911_if)):
        body = _bullets(items, st) if items else [paragraph(t(f"{key}_empty"), st.body)]
        flow += [*section(t(key), body[0], st), *body[1:]]
    return flow


def advance_directive(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    rows = [(t("advance_directive_status"), p.advance_directive or t("advance_directive_empty"))]
    if p.health_care_proxy:
        rows.append((t("health_care_proxy"), p.health_care_proxy))
    return section(t("advance_directive"), label_rows(rows, st, width), st)


def _lines(count: int, st: Styles, width: float) -> Table:
    """Ruled lines to write on."""
    table = Table([[""] for _ in range(count)], colWidths=[width], rowHeights=[st.body.leading * 2.2] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
    return table


def questions(p: DischargePacket, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    flow = section(t("questions"), t("questions_hint"), st)
    flow.append(_lines(12 if not st.scale.body > 12 else 8, st, width))
    checks = [
        paragraph(f"{BOX}  {t(f'teach_back.{k}')}", st.body)
        for k in ("medicines", "warning_signs", "appointments")
    ]
    sign = Table(
        [[paragraph(t(k), st.small) for k in ("signed_patient", "signed_staff", "signed_date")]],
        colWidths=[width * 0.4, width * 0.4, width * 0.2],
        rowHeights=[st.body.leading * 3],
    )
    sign.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEABOVE", (0, 0), (-1, 0), 0.6, RULE)])
    )
    teach = [heading(t("teach_back"), st), paragraph(t("teach_back_hint"), st.body), *checks, _gap(st), sign]
    flow.append(KeepTogether(teach))
    return flow


def _tcm_line(line: TcmLine, t: Catalogue) -> str:
    return t(
        "tcm_line",
        what=t.label("clock", line.clock),
        due=t.date(line.due_on),
        status=t.label("status", line.status),
    )


def transition_record(
    p: DischargePacket, r: TransitionRecord, t: Catalogue, st: Styles, width: float
) -> list[Flowable]:
    if not r.allergies_recorded:
        allergies = t("allergies_not_recorded")
    else:
        allergies = "; ".join(r.allergies) or (
            t("nka") if r.no_known_allergies else t("allergies_not_recorded")
        )
    procedure = {None: t("not_recorded"), True: t("procedure_yes"), False: t("procedure_no")}[
        r.procedure_during_stay
    ]
    rows = [
        (t("inpatient_practitioner"), r.inpatient_practitioner or t("not_recorded")),
        (t("facility"), p.facility),
        (t("stay_kind"), t.label("kind", r.stay_kind)),
        (
            t("admission_type"),
            t.label("admission", r.admission_type) if r.admission_type else t("not_recorded"),
        ),
        (t("admitted"), t.date(p.admitted_on)),
        (t("discharged"), t.date(p.discharged_on)),
        (t("disposition"), t.label("disposition", p.disposition)),
        (t("diagnoses"), "\n".join(p.diagnoses) or t("not_recorded")),
        (t("procedures"), procedure),
        (t("allergies"), allergies),
        (
            t("summary_received"),
            t.date(r.summary_received_on) if r.summary_received_on else t("summary_not_received"),
        ),
        (t("tcm"), "\n".join(_tcm_line(x, t) for x in r.tcm) or t("tcm_none")),
    ]
    if r.note:
        rows.append((t("stay_note"), r.note))
    flow: list[Flowable] = [
        paragraph(t("provider_title"), st.title),
        paragraph(t("transition_hint"), st.small),
    ]
    flow += section(t("transition"), label_rows(rows, st, width), st)
    return flow
