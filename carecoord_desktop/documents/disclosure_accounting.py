"""The accounting of disclosures (45 CFR 164.528, domain.md 8.4): date, recipient, description and purpose of
each disclosure the rule requires, for a date range; the practice's own review copy lists them all."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import Flowable, Spacer

from carecoord_desktop.documents.blocks import list_table, section
from carecoord_desktop.documents.catalogue import Catalogue, languages
from carecoord_desktop.documents.frame import MARGIN, BuiltDocument, FrameFacts, paragraph, render
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import styles
from carecoord_desktop.domain.letterhead import Paper

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class AccountingLine(BaseModel):
    model_config = _FROZEN

    disclosed_on: date  # in the practice's time zone
    recipient_kind: str
    recipient_name: str | None = None
    document: str  # a document key: its description comes from this document's catalogue
    clinical: bool = False
    purpose: str
    purpose_text: str | None = None
    delivery: str = "print"
    required: bool = True  # listed in the accounting 164.528 requires


class DisclosureAccounting(BaseModel):
    model_config = _FROZEN

    frame: FrameFacts
    since: date
    until: date
    #: the practice's review copy: every disclosure, with whether the accounting must list it
    show_all: bool = False
    entries: tuple[AccountingLine, ...] = ()


FIELD_LABELS = {
    **FRAME_LABELS,
    "entries": "a disclosure's details",
    "entries.recipient_name": "a recipient's name",
    "entries.purpose_text": "a disclosure's purpose",
}


def _recipient(t: Catalogue, line: AccountingLine) -> str:
    kind = t.label("recipient", line.recipient_kind)
    return f"{line.recipient_name} ({kind.lower()})" if line.recipient_name else kind


def _description(t: Catalogue, line: AccountingLine) -> str:
    """What was disclosed, in the words of that document's own catalogue."""
    known = t.language in languages(line.document)
    text = Catalogue(line.document, t.language)("description") if known else line.document
    if line.clinical:
        text += f" {t('with_clinical')}"
    return text


def build(accounting: DisclosureAccounting) -> BuiltDocument:
    t = Catalogue(SPEC.key, accounting.frame.language)
    st = styles(accounting.frame.large_print)
    width = (A4 if accounting.frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN
    period = t("period", since=t.date(accounting.since), until=t.date(accounting.until))
    story: list[Flowable] = [paragraph(t("title"), st.title), paragraph(period, st.body)]
    story.append(Spacer(1, st.body.leading / 2))
    story.append(paragraph(t("review_copy") if accounting.show_all else t("explanation"), st.body))
    shown = [e for e in accounting.entries if accounting.show_all or e.required]
    if not shown:
        story += section(t("disclosures"), t("none_listed"), st)
        return render(accounting.frame, t("title"), story)
    header = [t("date"), t("recipient"), t("description"), t("purpose")]
    fractions: tuple[float, ...] = (2.2, 3.5, 4.2, 3.2)
    if accounting.show_all:
        header.append(t("required"))
        fractions = (*fractions, 1.9)
    rows = []
    for line in shown:
        purpose = t.label("purpose", line.purpose)
        if line.purpose_text:
            purpose = f"{purpose}: {line.purpose_text}"
        row = [t.date(line.disclosed_on), _recipient(t, line), _description(t, line), purpose]
        if accounting.show_all:
            row.append(t("yes") if line.required else t("no"))
        rows.append(row)
    story += section(t("disclosures"), list_table(header, rows, fractions, st, width), st)
    return render(accounting.frame, t("title"), story)


SPEC = DocumentSpec(key="accounting", snapshot=DisclosureAccounting, build=build, field_labels=FIELD_LABELS)
