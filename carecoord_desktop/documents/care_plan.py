"""The care plan, printed: a patient version (plain words, large print on request, the fixed text in the
patient's language) and a provider version (complete: statuses, responsible people with their roles, the
review schedule with past reviews, what the last revision changed).

Every section prints even when it is empty, so a reader sees that nothing was left out by mistake.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from carecoord_desktop.documents.blocks import label_rows, list_table, section
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.coverage import nfc
from carecoord_desktop.documents.frame import MARGIN, BuiltDocument, FrameFacts, paragraph, render
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import Styles, styles
from carecoord_desktop.domain.letterhead import Paper

_FROZEN = ConfigDict(frozen=True, extra="forbid")
PATIENT_KEY = "care_plan"
PROVIDER_KEY = "care_plan_provider"


class GoalLine(BaseModel):
    model_config = _FROZEN
    description: str
    measure: str
    target: str
    due_on: date | None = None
    lifecycle: str = "active"
    achievement: str | None = None


class InterventionLine(BaseModel):
    model_config = _FROZEN
    description: str
    who_kind: str = "patient"  # staff, outside, patient
    who: str | None = None  # the person's or provider's name
    role: str | None = None
    due_on: date | None = None
    frequency: str | None = None
    status: str = "not-started"


class ServiceLine(BaseModel):
    model_config = _FROZEN
    service: str
    contact: str | None = None


class CoordinationLine(BaseModel):
    model_config = _FROZEN
    provider: str
    how: str
    referral: str | None = None  # e.g. "Referral #12, Cardiology"


class ReviewLine(BaseModel):
    model_config = _FROZEN
    reviewed_on: date
    reviewer: str
    progress: tuple[str, ...] = ()
    note: str | None = None


class CarePlanDocument(BaseModel):
    """The active version of a patient's care plan as it prints."""

    model_config = _FROZEN
    frame: FrameFacts
    provider_copy: bool = False
    mrn: str
    title: str
    version: int = 1
    written_on: date
    written_by: str
    changes: str | None = None
    copy_given_on: date | None = None
    practice_phone: str | None = None
    coordinator: str | None = None
    problems: tuple[str, ...] = ()
    expected_outcome: str | None = None
    prognosis: str | None = None
    goals: tuple[GoalLine, ...] = ()
    symptom_management: tuple[str, ...] = ()
    interventions: tuple[InterventionLine, ...] = ()
    medication_management: str | None = None
    #: the patient's current medication list, by reference: the lines as that list has them today
    medication_list: tuple[str, ...] = ()
    community_services: tuple[ServiceLine, ...] = ()
    coordination: tuple[CoordinationLine, ...] = ()
    education: tuple[str, ...] = ()
    call_us_if: tuple[str, ...] = ()
    call_911_if: tuple[str, ...] = ()
    review_every_months: int = 6
    next_review_on: date
    reviews: tuple[ReviewLine, ...] = ()


FIELD_LABELS = {
    **FRAME_LABELS,
    "mrn": "the MRN",
    "title": "the care plan's title",
    "written_by": "the author's name",
    "changes": "what the revision changed",
    "coordinator": "the care coordinator's name",
    "problems": "a problem",
    "expected_outcome": "the expected outcome",
    "prognosis": "the prognosis",
    "goals": "a goal",
    "goals.description": "a goal",
    "goals.measure": "what a goal measures",
    "goals.target": "a goal's target",
    "symptom_management": "the symptom management",
    "interventions": "an intervention",
    "interventions.description": "an intervention",
    "interventions.who": "a responsible person's name",
    "interventions.frequency": "an intervention's frequency",
    "medication_management": "the medication management",
    "medication_list": "a medication",
    "community_services": "a community service",
    "coordination": "a coordination entry",
    "coordination.provider": "an outside provider's name",
    "education": "the education",
    "call_us_if": 'a "call us if" sign',
    "call_911_if": 'a "call 911 if" sign',
    "reviews": "a review",
    "reviews.reviewer": "a reviewer's name",
}


def _width(frame: FrameFacts) -> float:
    return float((A4 if frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN)


def _list(lines: tuple[str, ...] | list[str], st: Styles) -> list[Flowable]:
    """One bulleted paragraph a line: pages break between lines, never inside one."""
    style = ParagraphStyle(
        "bulleted",
        parent=st.body,
        leftIndent=st.scale.body * 1.2,
        bulletIndent=0,
        bulletFontName=st.body.fontName,
        bulletFontSize=st.body.fontSize,
    )
    return [Paragraph(escape(nfc(line)), style, bulletText="•") for line in lines]


def _bulleted(title: str, lines: tuple[str, ...] | list[str], empty: str, st: Styles) -> list[Flowable]:
    """A section of bulleted lines, or `empty` in words when there are none (every section prints)."""
    if not lines:
        return section(title, empty, st)
    first, *rest = _list(lines, st)
    return section(title, first, st) + rest


def _who(t: Catalogue, i: InterventionLine, provider: bool) -> str:
    if i.who_kind == "patient":
        return t("who_patient")
    name = i.who or t("who_not_chosen")
    if provider and i.role:
        return f"{name} ({t.label('role', i.role)})"
    if i.who_kind == "outside":
        return f"{name} ({t('outside')})" if provider else name
    return name


def _when(t: Catalogue, i: InterventionLine) -> str:
    parts = [i.frequency or ""]
    if i.due_on:
        parts.append(t("by_date", date=t.date(i.due_on)))
    return "; ".join(p for p in parts if p)


def _overview(s: CarePlanDocument, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    rows = [
        (t("plan"), s.title),
        (t("written"), t("written_value", date=t.date(s.written_on), name=s.written_by)),
        (t("next_review"), t.date(s.next_review_on)),
    ]
    if s.provider_copy:
        rows.insert(0, (t("mrn"), s.mrn))
        rows.append((t("version"), str(s.version)))
    rows.append((t("copy_given"), t.date(s.copy_given_on) if s.copy_given_on else t("copy_not_given")))
    contact = ", ".join(x for x in (s.coordinator, s.practice_phone) if x)
    if contact:
        rows.append((t("questions"), contact))
    flow: list[Flowable] = [label_rows(rows, st, width)]
    if s.provider_copy and s.changes:
        flow += section(t("changes"), s.changes, st)
    return flow


def _goals(s: CarePlanDocument, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if not s.goals:
        return section(t("goals"), t("no_goals"), st)
    header = [t("goal"), t("measure"), t("target"), t("due")]
    rows = [[g.description, g.measure, g.target, t.date(g.due_on) if g.due_on else ""] for g in s.goals]
    fractions: tuple[float, ...] = (4, 3, 3, 1.8)
    if s.provider_copy:
        header.append(t("status"))
        fractions = (3.6, 2.6, 2.6, 1.8, 2.2)
        for row, g in zip(rows, s.goals, strict=True):
            achieved = t.label("achievement", g.achievement) if g.achievement else ""
            row.append("\n".join(x for x in (t.label("lifecycle", g.lifecycle), achieved) if x))
    return section(t("goals"), list_table(header, rows, fractions, st, width), st)


def _interventions(s: CarePlanDocument, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if not s.interventions:
        return section(t("interventions"), t("no_interventions"), st)
    header = [t("what"), t("who"), t("when")]
    rows = [[i.description, _who(t, i, s.provider_copy), _when(t, i)] for i in s.interventions]
    fractions: tuple[float, ...] = (5, 3, 3)
    if s.provider_copy:
        header.append(t("status"))
        fractions = (4.4, 3, 2.8, 1.8)
        for row, i in zip(rows, s.interventions, strict=True):
            row.append(t.label("activity", i.status))
    return section(t("interventions"), list_table(header, rows, fractions, st, width), st)


def _medicines(s: CarePlanDocument, t: Catalogue, st: Styles) -> list[Flowable]:
    lines = [s.medication_management] if s.medication_management else []
    lines.append(t("medication_list_reference"))
    flow = _bulleted(t("medicines"), lines, t("none"), st)
    if s.medication_list:
        flow += [paragraph(t("current_medicines"), st.bold), *_list(s.medication_list, st)]
    return flow


def _services(s: CarePlanDocument, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    lines = [f"{c.service}: {c.contact}" if c.contact else c.service for c in s.community_services]
    flow = _bulleted(t("community"), lines, t("no_community"), st)
    if not s.coordination:
        return flow + section(t("coordination"), t("no_coordination"), st)
    header = [t("provider"), t("how")]
    fractions: tuple[float, ...] = (4, 7)
    rows = [[c.provider, c.how] for c in s.coordination]
    if s.provider_copy:
        header.append(t("referral"))
        fractions = (3.5, 5.5, 2.5)
        for row, c in zip(rows, s.coordination, strict=True):
            row.append(c.referral or "")
    return flow + section(t("coordination"), list_table(header, rows, fractions, st, width), st)


def _red_flags(s: CarePlanDocument, t: Catalogue, st: Styles) -> list[Flowable]:
    call_us = t("call_us_if_phone", phone=s.practice_phone) if s.practice_phone else t("call_us_if")
    flow = _bulleted(call_us, s.call_us_if, t("no_red_flags"), st)
    return flow + _bulleted(t("call_911_if"), s.call_911_if, t("no_red_flags"), st)


def _review(s: CarePlanDocument, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    text = t("review_text", months=s.review_every_months, date=t.date(s.next_review_on))
    flow = section(t("review_schedule"), text, st)
    if s.provider_copy:
        if s.reviews:
            header = [t("reviewed_on"), t("reviewer"), t("progress")]
            rows = [
                [t.date(r.reviewed_on), r.reviewer, "\n".join([*r.progress, *([r.note] if r.note else [])])]
                for r in s.reviews
            ]
            flow.append(list_table(header, rows, (2, 3, 7), st, width))
        else:
            flow.append(paragraph(t("no_reviews"), st.body))
    return flow


class _Wording(Catalogue):
    """The patient version's words; the provider version's own where it has them ("provider.<key>")."""

    def __init__(self, language: str, provider_copy: bool) -> None:
        super().__init__(PATIENT_KEY, language)
        self.provider_copy = provider_copy

    def __call__(self, key: str, **values: object) -> str:
        if self.provider_copy and self.get(f"provider.{key}", ""):
            key = f"provider.{key}"
        return super().__call__(key, **values)


def build(s: CarePlanDocument) -> BuiltDocument:
    t = _Wording(s.frame.language, s.provider_copy)
    key = PROVIDER_KEY if s.provider_copy else PATIENT_KEY
    title = Catalogue(key, s.frame.language)("title")
    st = styles(s.frame.large_print)
    width = _width(s.frame)
    story: list[Flowable] = [paragraph(title, st.title)]
    if not s.provider_copy:
        story.append(paragraph(t("intro"), st.body))
    story += _overview(s, t, st, width)
    story += _bulleted(t("problems"), s.problems, t("no_problems"), st)
    outlook = [x for x in (s.expected_outcome, s.prognosis) if x]
    story += section(t("outlook"), "\n\n".join(outlook) or t("not_written"), st)
    story += _goals(s, t, st, width)
    story += _bulleted(t("symptoms"), s.symptom_management, t("not_written"), st)
    story += _interventions(s, t, st, width)
    story += _medicines(s, t, st)
    story += _services(s, t, st, width)
    story += _bulleted(t("education"), s.education, t("not_written"), st)
    story += _red_flags(s, t, st)
    story += _review(s, t, st, width)
    return render(s.frame, title, story)


PATIENT = DocumentSpec(key=PATIENT_KEY, snapshot=CarePlanDocument, build=build, field_labels=FIELD_LABELS)
PROVIDER = DocumentSpec(
    key=PROVIDER_KEY,  # its title and description in its own catalogue; the plan's text in the patient's
    snapshot=CarePlanDocument,
    build=build,
    field_labels=FIELD_LABELS,
    patient_facing=False,
)
