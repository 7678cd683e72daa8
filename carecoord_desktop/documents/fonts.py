"""The bundled DejaVu Sans, registered once, so accents and non-Latin names print everywhere."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_FOLDER = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def register_fonts() -> None:
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONT_FOLDER / f"{name}.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
