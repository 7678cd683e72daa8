"""The discharge packet (the after-hospital care plan, domain.md 3.5; Project RED's AHCP, Coleman's PHR).

Patient version, in the patient's language: a cover with the reason for the stay in plain words, the care team
and the 24/7 number, medicines grouped NEW / CHANGED / STOPPED / SAME with a daily schedule grid, appointments
with a month calendar, tests still pending and who follows them up, diet, activity, equipment and home health,
the warning signs ("call us if", "call 911 if"), the advance-directive status, and a page for questions with
the teach-back sign-off. The provider version adds the transition record (HEDIS TRC elements). Every section
prints even when it is empty, with a line saying what to ask for: the packet never makes content up.
Practice handouts (PDFs kept in the vault) are appended whole after the packet's own pages.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from carecoord_desktop.documents import discharge_packet_sections as sections
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.discharge_packet_model import (
    FIELD_LABELS,
    DischargePacket,
    HandoutFile,
    Version,
)
from carecoord_desktop.documents.frame import MARGIN, BuiltDocument, FrameFacts, paragraph, render
from carecoord_desktop.documents.spec import DocumentSpec
from carecoord_desktop.documents.typescale import styles
from carecoord_desktop.domain.letterhead import Paper

KEY = "discharge_packet"


def _width(frame: FrameFacts) -> float:
    return float((A4 if frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN)


def story(packet: DischargePacket) -> list[Flowable]:
    t = Catalogue(KEY, packet.frame.language)
    st = styles(packet.frame.large_print)
    width = _width(packet.frame)
    flow: list[Flowable] = [paragraph(t("title"), st.title)]
    flow += sections.cover(packet, t, st, width)
    flow += sections.care_team(packet, t, st, width)
    flow.append(CondPageBreak(4 * inch))  # the medicines start a page, unless the cover left most of one
    flow += sections.medicines(packet, t, st, width)
    flow += sections.appointments(packet, t, st, width)
    flow += sections.pending_tests(packet, t, st, width)
    flow += sections.home_care(packet, t, st, width)
    flow += sections.red_flags(packet, t, st, width)
    flow += sections.advance_directive(packet, t, st, width)
    flow.append(PageBreak())
    flow += sections.questions(packet, t, st, width)
    if packet.version is Version.PROVIDER and packet.transition is not None:
        flow.append(PageBreak())
        flow += sections.transition_record(packet, packet.transition, t, st, width)
    return flow


def merge(document: BuiltDocument, handouts: tuple[HandoutFile, ...]) -> BuiltDocument:
    """The packet's pages, then each handout's pages whole (the handouts were checked when they were added)."""
    if not handouts:
        return document
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(document.pdf)))
    for handout in handouts:
        writer.append(PdfReader(io.BytesIO(handout.pdf)))
    buffer = io.BytesIO()
    writer.write(buffer)
    return BuiltDocument(buffer.getvalue(), len(writer.pages))


def build(packet: DischargePacket) -> BuiltDocument:
    t = Catalogue(KEY, packet.frame.language)
    title = t("provider_title") if packet.version is Version.PROVIDER else t("title")
    return merge(render(packet.frame, title, story(packet)), packet.handouts)


SPEC = DocumentSpec(key=KEY, snapshot=DischargePacket, build=build, field_labels=FIELD_LABELS)
