"""How chart values read on screen: formatted phones, words instead of codes, a dash for nothing (dates and
times: ui/dates.py)."""

from __future__ import annotations

import re
from enum import StrEnum
from html import escape
from typing import Any

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.labels import label
from carecoord_desktop.domain.patients import COMMON_LANGUAGES
from carecoord_desktop.ui.dates import EM_DASH, format_date, format_stamp

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_E164 = re.compile(r"\+\d{6,15}(;ext=\d+)?")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")

# Codes whose plain words are not just the code with spaces.


def words(code: StrEnum | str | None) -> str:
    """An enum value as a person says it: 'paid_caregiver' → 'Paid caregiver'."""
    if code is None or code == "":
        return EM_DASH
    return label(str(code.value if isinstance(code, StrEnum) else code))


def language(code: str) -> str:
    base = code.split("-")[0]
    name = COMMON_LANGUAGES.get(code) or COMMON_LANGUAGES.get(base)
    return f"{name} ({code})" if name else code


def phone(number: str | None) -> str:
    return format_phone(number) if number else EM_DASH


def history_value(value: Any, clock: PracticeClock) -> str:
    """A value from a stored record (JSON: str, number, bool, None) for the History tab."""
    if value is None or value == "":
        return EM_DASH
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            return format_date(value)
        if _E164.fullmatch(value):
            return format_phone(value)
        if _STAMP.fullmatch(value):
            return format_stamp(value, clock)
        if value.islower() and " " not in value and len(value) < 40 and "@" not in value:
            return words(value)
        return value
    return str(value)


LABEL_WIDTH = 190  # px: every section's values start at the same position


def html_rows(rows: list[tuple[str, str]]) -> str:
    """A two-column label/value table for a read-only chart section; values are escaped here."""
    cells = "".join(
        f"<tr><td width='{LABEL_WIDTH}' style='color:#5b6b78;padding:3px 18px 3px 0'>{escape(label)}</td>"
        f"<td style='padding:3px 0'>{escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table cellspacing='0'>{cells}</table>"


def html_heading(text: str) -> str:
    return f"<h3 style='margin:14px 0 4px 0;color:#245870'>{escape(text)}</h3>"
