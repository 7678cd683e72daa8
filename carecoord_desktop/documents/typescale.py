"""Two type scales: normal, and large print (14 pt body at least) for patients with low vision."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from carecoord_desktop.documents.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#4a5863")
RULE = colors.HexColor("#b9c4cc")
BAND = colors.HexColor("#eef2f5")


@dataclass(frozen=True)
class TypeScale:
    body: float
    small: float
    heading: float
    title: float
    letterhead: float

    @property
    def padding(self) -> float:
        return self.body * 0.35


NORMAL = TypeScale(body=10, small=8, heading=12.5, title=17, letterhead=14)
LARGE = TypeScale(body=14, small=12, heading=17, title=22, letterhead=17)


@dataclass(frozen=True)
class Styles:
    scale: TypeScale
    body: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    small_bold: ParagraphStyle
    label: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    letterhead: ParagraphStyle
    right_small: ParagraphStyle


@cache
def styles(large_print: bool) -> Styles:
    register_fonts()
    scale = LARGE if large_print else NORMAL
    body = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=scale.body, leading=scale.body * 1.3, textColor=INK
    )
    small = ParagraphStyle("small", parent=body, fontSize=scale.small, leading=scale.small * 1.3)
    return Styles(
        scale=scale,
        body=body,
        bold=ParagraphStyle("bold", parent=body, fontName=BOLD),
        small=small,
        small_bold=ParagraphStyle("small_bold", parent=small, fontName=BOLD),
        label=ParagraphStyle("label", parent=body, textColor=MUTED),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=scale.heading,
            leading=scale.heading * 1.25,
            spaceBefore=scale.heading * 0.9,
            spaceAfter=scale.heading * 0.35,
        ),
        title=ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=scale.title, leading=scale.title * 1.2, spaceAfter=4
        ),
        letterhead=ParagraphStyle(
            "letterhead",
            parent=body,
            fontName=BOLD,
            fontSize=scale.letterhead,
            leading=scale.letterhead * 1.2,
        ),
        right_small=ParagraphStyle("right_small", parent=small, alignment=2),
    )
