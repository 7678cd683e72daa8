"""The bundled fonts, registered once: DejaVu Sans for text, and TrueType fallbacks for Korean, Chinese and
Japanese names (resources/fonts/README.md says what each covers and where it comes from)."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from carecoord_desktop.assets import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
#: Tried in this order for a character DejaVu Sans lacks. Regular only: a bold name prints regular in these.
FALLBACKS = ("CareCoordHangul", "CareCoordHan")


def register_fonts() -> None:
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def drawn_by(name: str) -> frozenset[int]:
    """Code points a registered font draws (its cmap; glyph 0 would be the empty box)."""
    face = pdfmetrics.getFont(name).face
    return frozenset(code for code, glyph in face.charToGlyph.items() if glyph)


@cache
def fallbacks() -> tuple[tuple[str, frozenset[int]], ...]:
    """The fallback fonts with what each draws; loaded on the first character DejaVu Sans lacks (about 4 MB
    of font, so a document with only Latin names never reads them)."""
    loaded = []
    for name in FALLBACKS:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
            # inside <b> (the name on every page) the same face: there is no bold one
            pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        loaded.append((name, drawn_by(name)))
    return tuple(loaded)
