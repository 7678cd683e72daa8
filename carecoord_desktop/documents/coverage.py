"""Can the bundled fonts draw every character? Checked before building, so nothing prints as an empty box.

DejaVu Sans (regular and bold) draws what it can; a run of characters it lacks (a Korean, Chinese or Japanese
name) is set in the first fallback font that has them (`markup`). A character no bundled font has is reported
by the field it is in, in the user's words ("the patient's name contains a character the printout cannot
show"), never drawn as a blank square.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from itertools import groupby
from xml.sax.saxutils import escape

from pydantic import BaseModel

from carecoord_desktop.documents.fonts import BOLD, REGULAR, drawn_by, fallbacks, register_fonts
from carecoord_desktop.domain.errors import UserError

_INDEX = re.compile(r"\.\d+(?=\.|$)")


class UnprintableCharacter(UserError):
    """A field holds a character the bundled fonts cannot draw; `field` is the field's path in the snapshot."""

    def __init__(self, label: str, field: str, character: str) -> None:
        code = " ".join(f"U+{ord(c):04X}" for c in character[:1])
        super().__init__(
            f"{label[:1].upper()}{label[1:]} contains a character the printout cannot show "
            f"({code}). Correct it on the chart, or ask for help to print it."
        )
        self.field = field
        self.character = character


@cache
def covered() -> frozenset[int]:
    """Code points DejaVu Sans draws in both weights."""
    register_fonts()
    return drawn_by(REGULAR) & drawn_by(BOLD)


def fallback_font(char: str) -> str | None:
    """The first fallback font that draws `char` (which DejaVu Sans lacks), or None when none does."""
    return next((name for name, codes in fallbacks() if ord(char) in codes), None)


def _font_for(char: str) -> str | None:
    """None: DejaVu Sans draws it; else the fallback's name, or "" when no bundled font can."""
    if char in "\n\t" or ord(char) in covered():
        return None
    return fallback_font(char) or ""


def first_unprintable(text: str) -> str | None:
    if text.isascii():
        return next((c for c in text if not (c.isprintable() or c in "\n\t")), None)
    return next((c for c in unicodedata.normalize("NFC", text) if _font_for(c) == ""), None)


def markup(text: str) -> str:
    """Plain (untrusted) text as paragraph markup: escaped and composed, each run of characters DejaVu Sans
    lacks set in the fallback font that draws it."""
    text = nfc(text)
    if text.isascii():
        return escape(text)
    runs = []
    for font, chars in groupby(text, key=_font_for):
        run = escape("".join(chars))
        runs.append(f'<font name="{font}">{run}</font>' if font else run)
    return "".join(runs)


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}.{index}")


def check(snapshot: BaseModel, labels: Mapping[str, str]) -> None:
    """Raise :class:`UnprintableCharacter` for the first field with a character the fonts cannot draw.

    `labels` maps a field path without list indexes (``caregivers.name``) to how a person would call it;
    the nearest labelled parent names a field that has no label of its own.
    """
    for path, text in _strings(snapshot, ""):
        bad = first_unprintable(text)
        if bad is None:
            continue
        key = _INDEX.sub("", path)
        while key and key not in labels:
            key = key.rpartition(".")[0]
        raise UnprintableCharacter(labels.get(key, "a field of this document"), path, bad)


def nfc(text: str) -> str:
    """Composed form: reportlab draws one glyph per code point, so Vietnamese tone marks must be composed."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)
