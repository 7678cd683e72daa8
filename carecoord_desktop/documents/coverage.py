"""Can the bundled fonts draw every character? Checked before building, so nothing prints as an empty box.

A character outside DejaVu Sans (regular and bold) is reported by the field it is in, in the user's words
("the patient's name contains a character the printout cannot show"), never drawn as a blank square.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache

from pydantic import BaseModel
from reportlab.pdfbase import pdfmetrics

from carecoord_desktop.documents.fonts import BOLD, REGULAR, register_fonts
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
    """Code points both bundled fonts draw (the cmap of each; glyph 0 would be the empty box)."""
    register_fonts()
    sets = []
    for name in (REGULAR, BOLD):
        face = pdfmetrics.getFont(name).face
        sets.append({code for code, glyph in face.charToGlyph.items() if glyph})
    return frozenset(set.intersection(*sets))


def first_unprintable(text: str) -> str | None:
    if text.isascii():
        return next((c for c in text if not (c.isprintable() or c in "\n\t")), None)
    fonts = covered()
    for char in unicodedata.normalize("NFC", text):
        if char in "\n\t" or ord(char) in fonts:
            continue
        return char
    return None


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
