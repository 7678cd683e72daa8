"""The fixed text of printed documents, in the patient's language: one JSON catalogue per document and language.

Catalogues live in resources/documents/<document>/<language>.json (flat key → text, with ``{name}``
placeholders). English is complete by definition; a key missing from another language falls back to English
(and :func:`missing_translations` lists it for a test), so a printout never shows a raw key.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Final

from carecoord_desktop.assets import resource_path

FALLBACK: Final = "en"
FRAME: Final = "frame"  # the page frame's own catalogue, shared by every document


@cache
def _entries(document: str, language: str) -> dict[str, str] | None:
    path = resource_path("documents", document, f"{language}.json")
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as stream:
        loaded = json.load(stream)
    return {str(key): str(value) for key, value in loaded.items()}


@cache
def languages(document: str) -> tuple[str, ...]:
    """Languages with a catalogue for this document and for the page frame, English first."""
    found: set[str] = set()
    for name in (document, FRAME):
        folder = resource_path("documents", name)
        codes = {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()
        found = codes if name == document else found & codes
    return tuple(sorted(found, key=lambda code: (code != FALLBACK, code)))


def resolve_language(document: str, wanted: str | None) -> str:
    """The catalogue language for a patient's preferred language tag (es-MX → es); English if none fits."""
    if wanted:
        primary = wanted.split("-")[0].lower()
        if primary in languages(document):
            return primary
    return FALLBACK


class Catalogue:
    """One document's text in one language, with the page frame's text and the date formats."""

    def __init__(self, document: str, language: str) -> None:
        self.document = document
        self.language = language if language in languages(document) else FALLBACK
        english = _entries(document, FALLBACK)
        if english is None:
            raise FileNotFoundError(f"No English catalogue for the document '{document}'")
        frame = _entries(FRAME, FALLBACK) or {}
        self._texts = {
            **frame,
            **(_entries(FRAME, self.language) or {}),
            **english,
            **(_entries(document, self.language) or {}),
        }

    def __call__(self, key: str, **values: object) -> str:
        return self._texts[key].format(**values) if values else self._texts[key]

    def get(self, key: str, default: str) -> str:
        return self._texts.get(key, default)

    def label(self, group: str, code: str | None) -> str:
        """The word for a coded value (``sex.female``); the code in plain words when none is written."""
        if code is None:
            return self("none")
        return self._texts.get(f"{group}.{code}", code.replace("_", " ").replace("-", " ").capitalize())

    def date(self, value: date | None) -> str:
        return value.strftime(self("date_format")) if value is not None else self("none")

    def moment(self, value: datetime) -> str:
        return value.strftime(self("date_time_format")).replace(" 0", " ").strip()


def missing_translations() -> dict[tuple[str, str], list[str]]:
    """(document, language) → the keys that language lacks and prints in English instead."""
    folder = resource_path("documents")
    missing: dict[tuple[str, str], list[str]] = {}
    for document in sorted(p.name for p in folder.iterdir() if p.is_dir()):
        english = _entries(document, FALLBACK) or {}
        for language in languages(document):
            theirs = _entries(document, language) or {}
            lacking = sorted(set(english) - set(theirs))
            if lacking:
                missing[(document, language)] = lacking
    return missing
