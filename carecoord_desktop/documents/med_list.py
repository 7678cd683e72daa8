"""The patient's medication list: large readable type; each medicine with what it is for, how much and when,
and (after a signed reconciliation) whether it is new, changed, stopped or the same, with the reason; a daily
schedule grid; allergies; who to call. Without a signed reconciliation the list says it is not yet
reconciled and shows no marks."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import Flowable, Spacer

from carecoord_desktop.documents.blocks import label_rows, list_table, section
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.frame import MARGIN, BuiltDocument, FrameFacts, paragraph, render
from carecoord_desktop.documents.med_blocks import (
    MEDICINE_LABELS,
    MedicineLine,
    medicines_table,
    schedule_grid,
)
from carecoord_desktop.documents.patient_summary import AllergyEntry
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import styles
from carecoord_desktop.domain.letterhead import Paper
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.medications import MedicationStatus

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Reconciled(BaseModel):
    """The signed reconciliation the marks come from."""

    model_config = _FROZEN
    signed_on: date
    signed_by: str


class CallEntry(BaseModel):
    """Someone to call with questions about these medicines."""

    model_config = _FROZEN
    role: str  # practice, coordinator, pcp, pharmacy, other
    name: str
    phone: str | None = None


class MedicationList(BaseModel):
    model_config = _FROZEN

    frame: FrameFacts
    medicines: tuple[MedicineLine, ...] = ()
    #: None: not yet reconciled (no marks are printed)
    reconciled: Reconciled | None = None
    allergies: tuple[AllergyEntry, ...] = ()
    no_known_allergies: bool = False
    calls: tuple[CallEntry, ...] = ()


FIELD_LABELS = {
    **FRAME_LABELS,
    **MEDICINE_LABELS,
    "reconciled.signed_by": "the name of who signed the reconciliation",
    "allergies": "an allergy",
    "calls": "who to call",
    "calls.name": "the name of someone to call",
}


def build(doc: MedicationList) -> BuiltDocument:
    language = doc.frame.language
    t = Catalogue(SPEC.key, language)
    st = styles(True)  # large readable type, whatever the frame's setting
    width = (A4 if doc.frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN
    story: list[Flowable] = [paragraph(t("title"), st.title)]
    if doc.reconciled is None:
        story.append(paragraph(t("not_reconciled"), st.bold))
    else:
        story.append(
            paragraph(
                t("reconciled", date=t.date(doc.reconciled.signed_on), name=doc.reconciled.signed_by), st.body
            )
        )
    marks = doc.reconciled is not None
    shown = [m for m in doc.medicines if m.status is not MedicationStatus.STOPPED]
    stopped = [m for m in doc.medicines if m.status is MedicationStatus.STOPPED and marks]
    if not marks:
        shown = [m.model_copy(update={"mark": None, "mark_reason": None}) for m in shown]
    story.append(Spacer(1, st.body.leading / 2))
    if shown:
        story += section(t("your_medicines"), medicines_table(shown, language, st, width, marks=marks), st)
    else:
        story += section(t("your_medicines"), t("no_medicines"), st)
    if stopped:
        stopped = [m if m.mark else m.model_copy(update={"mark": ChangeMark.STOPPED}) for m in stopped]
        story += section(t("stop_taking"), medicines_table(stopped, language, st, width, marks=True), st)
    grid = schedule_grid(shown, language, st, width)
    if grid is not None:
        story += section(t("schedule"), grid, st)
    as_needed = [m for m in shown if m.prn and m.taken]
    if as_needed:
        rows = [[m.display, m.dose or "", m.prn_reason or t("as_needed")] for m in as_needed]
        header = [t("medicine"), t("how_much"), t("when_needed")]
        story += section(t("only_when_needed"), list_table(header, rows, (4.5, 3, 4), st, width), st)
    if doc.allergies:
        rows = [[a.substance, ", ".join(a.reactions) or ""] for a in doc.allergies]
        story += section(
            t("allergies"), list_table([t("substance"), t("reaction")], rows, (5, 6), st, width), st
        )
    else:
        story += section(t("allergies"), t("nka") if doc.no_known_allergies else t("allergies_unknown"), st)
    calls = [(t.label("call", c.role) + (f": {c.name}" if c.name else ""), c.phone or "") for c in doc.calls]
    story += section(t("who_to_call"), label_rows(calls, st, width) if calls else t("call_practice"), st)
    story.append(Spacer(1, st.body.leading))
    story.append(paragraph(t("keep_with_you"), st.body))
    return render(doc.frame, t("title"), story)


SPEC = DocumentSpec(key="med_list", snapshot=MedicationList, build=build, field_labels=FIELD_LABELS)
