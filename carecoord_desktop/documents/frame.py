"""The page frame every printed document shares.

First page: the practice letterhead (logo, name, address, phone, fax). Every page: the patient's name and date
of birth, "Page x of y", when it was printed (practice time) and the confidentiality notice. Letter or A4.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.coverage import markup
from carecoord_desktop.documents.typescale import BAND, MUTED, RULE, Styles, styles
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.letterhead import Letterhead, Paper
from carecoord_desktop.domain.patients import age_on

MARGIN = 18 * mm
GAP = 4 * mm
LOGO_MAX = (48 * mm, 20 * mm)


class PracticeHeading(BaseModel):
    """The letterhead as it prints: the practice's name, its letterhead settings and the logo's bytes."""

    model_config = ConfigDict(frozen=True)

    practice_name: str
    letterhead: Letterhead = Letterhead()
    logo: bytes | None = None


class FrameFacts(BaseModel):
    """What the frame prints around a document's content."""

    model_config = ConfigDict(frozen=True)

    practice: PracticeHeading
    patient_name: str
    date_of_birth: date
    printed_at: datetime  # aware, in the practice's time zone
    date_of_death: date | None = None  # a deceased patient: marked on every page, the age stops at death
    language: str = "en"
    large_print: bool = False


@dataclass(frozen=True)
class BuiltDocument:
    pdf: bytes
    pages: int


def age_words(facts: FrameFacts) -> str:
    """ "(74 years)" on the day printed, or "(died at 64)": a deceased patient's age never runs on."""
    text = Catalogue("frame", facts.language)
    born, died = facts.date_of_birth, facts.date_of_death
    if died is not None:
        return text("died_at", years=age_on(born, max(died, born)))
    today = facts.printed_at.date()
    return text("age", years=age_on(born, today)) if today >= born else ""


def paragraph(text: str, style: Any) -> Paragraph:
    """A paragraph of plain (untrusted) text: escaped, composed, line breaks kept; a Korean, Chinese or
    Japanese name in the fallback font that draws it."""
    return Paragraph(markup(text).replace("\n", "<br/>"), style)


class _Layout:
    """The frame's pieces, measured once for this patient and page size."""

    def __init__(self, facts: FrameFacts, text: Catalogue, st: Styles) -> None:
        self.facts = facts
        self.text = text
        self.st = st
        self.size = A4 if facts.practice.letterhead.paper is Paper.A4 else letter
        self.width = self.size[0] - 2 * MARGIN
        heading = facts.practice
        self.logo = ImageReader(io.BytesIO(heading.logo)) if heading.logo else None
        self.logo_size = self._logo_size()
        lines = [paragraph(heading.practice_name, st.letterhead)]
        lines += [paragraph(line, st.small) for line in heading.letterhead.address_lines()]
        numbers = [
            text(key, number=format_phone(value))
            for key, value in (("phone", heading.letterhead.phone), ("fax", heading.letterhead.fax))
            if value
        ]
        if numbers:
            lines.append(paragraph("   ·   ".join(numbers), st.small))
        text_width = self.width - (self.logo_size[0] + GAP if self.logo else 0)
        self.letterhead = [(p, p.wrap(text_width, self.size[1])[1]) for p in lines]
        self.letterhead_height = max(sum(h for _, h in self.letterhead), self.logo_size[1])
        dates = [text("born", date=text.date(facts.date_of_birth))]
        if facts.date_of_death is not None:
            dates.append(text("died", date=text.date(facts.date_of_death)))
        band = f"<b>{markup(facts.patient_name)}</b>" + "".join(
            f"&nbsp;&nbsp;&nbsp;{escape(d).replace(' ', '&nbsp;')}" for d in dates
        )
        self.band = Paragraph(band, st.body)
        self.band_height = (
            self.band.wrap(self.width - 2 * st.scale.padding, self.size[1])[1] + 2 * st.scale.padding
        )
        self.footer_height = 2 * st.small.leading + GAP

    def _logo_size(self) -> tuple[float, float]:
        if self.logo is None:
            return (0.0, 0.0)
        width, height = self.logo.getSize()
        ratio = min(LOGO_MAX[0] / width, LOGO_MAX[1] / height)
        return (width * ratio, height * ratio)

    def frame(self, first: bool) -> Frame:
        top = self.size[1] - MARGIN - self.band_height - GAP
        if first:
            top -= self.letterhead_height + GAP
        bottom = MARGIN + self.footer_height
        return Frame(MARGIN, bottom, self.width, top - bottom, 0, 0, 0, 0, id="first" if first else "later")

    def draw_first(self, canvas: Canvas, _doc: Any) -> None:
        top = self.size[1] - MARGIN
        x = MARGIN
        if self.logo is not None:
            w, h = self.logo_size
            canvas.drawImage(self.logo, MARGIN, top - h, w, h, mask="auto")
            x += w + GAP
        y = top
        for para, height in self.letterhead:
            y -= height
            para.drawOn(canvas, x, y)
        rule_y = top - self.letterhead_height - GAP / 2
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, rule_y, MARGIN + self.width, rule_y)
        self._draw_band(canvas, rule_y - GAP / 2)

    def draw_later(self, canvas: Canvas, _doc: Any) -> None:
        self._draw_band(canvas, self.size[1] - MARGIN)

    def _draw_band(self, canvas: Canvas, top: float) -> None:
        pad = self.st.scale.padding
        canvas.saveState()
        canvas.setFillColor(BAND)
        canvas.rect(MARGIN, top - self.band_height, self.width, self.band_height, stroke=0, fill=1)
        canvas.restoreState()
        self.band.drawOn(canvas, MARGIN + pad, top - self.band_height + pad)

    def draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        small = self.st.small
        y = MARGIN
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(
            MARGIN, y + 2 * small.leading + GAP / 2, MARGIN + self.width, y + 2 * small.leading + GAP / 2
        )
        canvas.setFillColor(MUTED)
        canvas.setFont(self.st.small_bold.fontName, small.fontSize)
        canvas.drawString(MARGIN, y + small.leading + 2, self.text("confidential"))
        canvas.setFont(small.fontName, small.fontSize)
        canvas.drawString(MARGIN, y + 2, self.text("printed", when=self.text.moment(self.facts.printed_at)))
        canvas.drawRightString(MARGIN + self.width, y + 2, self.text("page_of", page=page, pages=pages))
        canvas.restoreState()


def _numbered_canvas(layout: _Layout) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds every page until the end, so each footer can say "of y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self.pages)
            for number, state in enumerate(self.pages, start=1):
                self.__dict__.update(state)
                layout.draw_footer(self, number, total)
                Canvas.showPage(self)
            self.page_total = total
            Canvas.save(self)

    return NumberedCanvas


def render(facts: FrameFacts, title: str, story: list[Flowable]) -> BuiltDocument:
    """Lay `story` out in the frame; the bytes never touch the disk."""
    text = Catalogue("frame", facts.language)
    layout = _Layout(facts, text, styles(facts.large_print))
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=layout.size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=facts.practice.practice_name,
        creator="CareCoord Desktop",
        invariant=True,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "first", [layout.frame(True)], onPage=layout.draw_first, autoNextPageTemplate="later"
            ),
            PageTemplate("later", [layout.frame(False)], onPage=layout.draw_later),
        ]
    )
    canvases: list[Canvas] = []
    maker = _numbered_canvas(layout)

    def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
        canvas = maker(*args, **kwargs)
        canvases.append(canvas)
        return canvas

    doc.build(story, canvasmaker=make_canvas)
    pages = int(getattr(canvases[-1], "page_total", 0))
    return BuiltDocument(buffer.getvalue(), pages)
