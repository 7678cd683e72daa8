"""The provider copy of a signed medication reconciliation: the reconciled list with what each source said,
every discrepancy and how it was resolved (with the intent and the prescriber's response), the warnings and
why they were accepted, whether interaction checking ran, and who signed and when (domain.md 1.5, 1.6)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import Flowable

from carecoord_desktop.documents.blocks import label_rows, list_table, section
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.frame import MARGIN, BuiltDocument, FrameFacts, paragraph, render
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import Styles, styles
from carecoord_desktop.domain.letterhead import Paper

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SourceRow(BaseModel):
    model_config = _FROZEN
    kind: str  # SourceKind code
    provided_by: str
    obtained_on: date
    imported_from: str | None = None


class LineRow(BaseModel):
    """One reconciled medicine: before, per source, the decision and the result."""

    model_config = _FROZEN
    result: str  # the medicine as it is now on the list (summary)
    before: str | None  # on the current list before (None: not on it)
    by_source: tuple[str | None, ...]  # aligned with the sources
    findings: tuple[str, ...]
    resolution: str  # Resolution code
    mark: str  # ChangeMark code
    intent: str | None = None
    reason: str | None = None
    hold_until: date | None = None
    high_alert: bool = False
    double_checked: bool = False
    question: str | None = None
    prescriber_response: str | None = None


class WarningRow(BaseModel):
    model_config = _FROZEN
    explanation: str
    source: str | None = None
    acknowledged: str | None = None


class ProviderCopy(BaseModel):
    model_config = _FROZEN
    frame: FrameFacts
    session_id: int
    reason: str  # ReconciliationReason code
    discharged_on: date | None = None
    corrects_id: int | None = None
    sources: tuple[SourceRow, ...]
    lines: tuple[LineRow, ...]
    warnings: tuple[WarningRow, ...] = ()
    interactions_checked: bool
    interactions_unavailable_ack: str | None = None
    interview_not_done_reason: str | None = None
    allergies: tuple[str, ...] = ()
    signed_by: str
    signed_at: datetime  # aware, in the practice's time zone


LABELS = {
    **FRAME_LABELS,
    "sources": "a source list",
    "sources.provided_by": "who provided a source list",
    "sources.imported_from": "an imported file's name",
    "lines": "a medicine",
    "lines.result": "a medicine",
    "lines.before": "a medicine on the current list",
    "lines.by_source": "a medicine on a source list",
    "lines.findings": "a finding",
    "lines.reason": "a reason",
    "lines.question": "a question for the prescriber",
    "lines.prescriber_response": "a prescriber's response",
    "warnings": "a warning",
    "warnings.explanation": "a warning",
    "warnings.acknowledged": "why a warning was accepted",
    "interactions_unavailable_ack": "how interactions were checked",
    "interview_not_done_reason": "why the interview was not done",
    "allergies": "an allergy",
    "signed_by": "the name of who signed",
}


def _width(frame: FrameFacts) -> float:
    return float((A4 if frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN)


def _decision(t: Catalogue, line: LineRow) -> str:
    parts = [t.label("resolution", line.resolution)]
    if line.hold_until is not None:
        parts.append(t("hold_until", date=t.date(line.hold_until)))
    if line.reason:
        parts.append(line.reason)
    if line.intent:
        parts.append(t.label("intent", line.intent))
    if line.question:
        parts.append(t("asked", question=line.question))
    if line.prescriber_response:
        parts.append(t("response", response=line.prescriber_response))
    if line.high_alert:
        parts.append(t("double_checked") if line.double_checked else t("not_double_checked"))
    return "\n".join(parts)


def _story(s: ProviderCopy, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    heading = [
        (t("reason"), t.label("reason", s.reason)),
        (t("discharged_on"), t.date(s.discharged_on)) if s.discharged_on else None,
        (t("signed"), t("signed_by", name=s.signed_by, when=t.moment(s.signed_at))),
        (t("corrects"), t("corrects_number", number=s.corrects_id)) if s.corrects_id else None,
        (t("allergies"), ", ".join(s.allergies) or t("no_allergies")),
    ]
    story: list[Flowable] = [
        paragraph(t("heading", number=s.session_id), st.title),
        label_rows([row for row in heading if row is not None], st, width),
    ]
    if s.interactions_checked:
        story.append(paragraph(t("not_complete"), st.small))
    else:
        story.append(paragraph(t("unavailable"), st.bold))
        story.append(
            paragraph(t("unavailable_ack", reason=s.interactions_unavailable_ack or t("none")), st.body)
        )

    source_rows = [
        [
            t.label("source", source.kind),
            source.provided_by,
            t.date(source.obtained_on),
            source.imported_from or "",
        ]
        for source in s.sources
    ]
    story += section(
        t("sources"),
        list_table(
            [t("source"), t("provided_by"), t("obtained_on"), t("imported_from")],
            source_rows,
            [3, 3, 2, 2],
            st,
            width,
        ),
        st,
    )
    if s.interview_not_done_reason:
        story.append(paragraph(t("no_interview", reason=s.interview_not_done_reason), st.body))

    reconciled = [
        [t.label("mark", line.mark), line.result, line.before or t("not_listed"), _decision(t, line)]
        for line in s.lines
    ]
    story += section(
        t("reconciled_list"),
        list_table(
            [t("mark"), t("medicine"), t("before"), t("decision")], reconciled, [1.3, 3, 3, 3], st, width
        ),
        st,
    )

    found = [[line.result, "\n".join(line.findings)] for line in s.lines if line.findings]
    story += section(
        t("discrepancies"),
        list_table([t("medicine"), t("finding")], found, [3, 5], st, width)
        if found
        else t("no_discrepancies"),
        st,
    )

    if s.sources:
        header = [t("medicine"), *(t.label("source", source.kind) for source in s.sources)]
        said = [[line.result, *((m or t("not_listed")) for m in line.by_source)] for line in s.lines]
        story += section(
            t("by_source"), list_table(header, said, [2.5] + [2] * len(s.sources), st, width), st
        )

    if s.warnings:
        rows = [
            [w.explanation + (f" [{w.source}]" if w.source else ""), w.acknowledged or ""] for w in s.warnings
        ]
        story += section(
            t("warnings"), list_table([t("warning"), t("accepted_because")], rows, [5, 3], st, width), st
        )
    return story


def build(s: ProviderCopy) -> BuiltDocument:
    t = Catalogue(SPEC.key, s.frame.language)
    st = styles(s.frame.large_print)
    return render(s.frame, t("title"), _story(s, t, st, _width(s.frame)))


SPEC = DocumentSpec(
    key="med_rec", snapshot=ProviderCopy, build=build, field_labels=LABELS, patient_facing=False
)
