"""Recall and reminder letters to patients, in their language: a recall asks the patient to call and book a
visit the practice needs them to have (an open follow-up); a reminder confirms a booked appointment. The
letter names what the follow-up is for as staff wrote it, the window, and how to reach the practice; never
a diagnosis from the chart. A batch is the letters one after another in one PDF (`combine`).
"""

from __future__ import annotations

import io
from datetime import date, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from pypdf import PdfReader, PdfWriter
from reportlab.platypus import Flowable, Spacer

from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.frame import BuiltDocument, FrameFacts, paragraph, render
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import styles

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class LetterKind(StrEnum):
    RECALL = "recall"  # nothing booked yet (or a missed visit to rebook): please call us
    REMINDER = "reminder"  # a booked visit: when and where


class RecallLetter(BaseModel):
    model_config = _FROZEN
    frame: FrameFacts
    kind: LetterKind
    addressee: str  # "Rosa Alvarez", as an envelope and a greeting say it
    address: tuple[str, ...]  # the patient's postal address, one line each
    reason: str
    due_from: date
    due_to: date
    visit_on: date | None = None
    visit_at: time | None = None
    with_whom: str | None = None
    where: str | None = None
    practice_phone: str | None = None


LABELS = {
    **FRAME_LABELS,
    "addressee": "the patient's name",
    "address": "the patient's address",
    "reason": "the follow-up's reason",
    "with_whom": "whom the visit is with",
    "where": "where the visit is",
}


def _story(s: RecallLetter, t: Catalogue) -> list[Flowable]:
    st = styles(s.frame.large_print)
    story: list[Flowable] = [paragraph("\n".join((s.addressee, *s.address)), st.body)]
    story.append(Spacer(1, st.scale.padding * 4))
    story.append(paragraph(t.date(s.frame.printed_at.date()), st.body))
    story.append(Spacer(1, st.scale.padding * 2))
    story.append(paragraph(t(f"{s.kind.value}_title"), st.title))
    story.append(paragraph(t("greeting", name=s.addressee), st.body))
    if s.kind is LetterKind.REMINDER and s.visit_on is not None:
        when = t.date(s.visit_on) + (f" {s.visit_at:%H:%M}" if s.visit_at else "")
        story.append(paragraph(t("reminder_body", reason=s.reason, when=when), st.body))
        story.append(
            paragraph(t("reminder_where", with_whom=s.with_whom or "", where=s.where or ""), st.body)
        )
        story.append(paragraph(t("reminder_change"), st.body))
    else:
        body = t("recall_body", reason=s.reason, start=t.date(s.due_from), end=t.date(s.due_to))
        story.append(paragraph(body, st.body))
    call = t("call_us", phone=s.practice_phone) if s.practice_phone else t("call_us_no_phone")
    story.append(paragraph(call, st.body))
    story.append(Spacer(1, st.scale.padding * 3))
    story.append(paragraph(t("closing", practice=s.frame.practice.practice_name), st.body))
    return story


def build(s: RecallLetter) -> BuiltDocument:
    t = Catalogue(SPEC.key, s.frame.language)
    return render(s.frame, t(f"{s.kind.value}_title"), _story(s, t))


def combine(pdfs: list[bytes]) -> bytes:
    """The letters one after another in one PDF, for one print run."""
    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


SPEC = DocumentSpec(key="recall_letter", snapshot=RecallLetter, build=build, field_labels=LABELS)
