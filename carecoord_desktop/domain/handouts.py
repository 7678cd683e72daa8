"""Practice handouts: PDFs an administrator adds (kept in the vault), tagged by condition and language, that
the discharge packet offers when they match the patient and merges after its own pages.

The limits keep a packet printable and the vault small: at most 5 MB and 20 pages a handout, never encrypted.
Which conditions a patient has is read from the words and ICD-10 codes already on the chart (problems, the
stay's discharge diagnoses): the same five conditions the care plan templates start with, plus "general".

Pure: no I/O; the PDF itself is inspected in documents/discharge_packet_handouts.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from carecoord_desktop.domain.validation import Text, require_text

MAX_BYTES: Final = 5 * 1024 * 1024
MAX_PAGES: Final = 20
LANGUAGES: Final = {"en": "English", "es": "Spanish"}


class HandoutCondition(StrEnum):
    GENERAL = "general"  # offered with every packet (e.g. "Your first week at home")
    DIABETES = "diabetes"
    HEART_FAILURE = "heart_failure"
    COPD = "copd"
    HYPERTENSION = "hypertension"
    DEPRESSION = "depression"

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self]


CONDITION_LABELS: Final = {
    HandoutCondition.GENERAL: "Any patient (general)",
    HandoutCondition.DIABETES: "Diabetes",
    HandoutCondition.HEART_FAILURE: "Heart failure",
    HandoutCondition.COPD: "COPD",
    HandoutCondition.HYPERTENSION: "High blood pressure",
    HandoutCondition.DEPRESSION: "Depression",
}

# Words (lower case, whole words) and ICD-10-CM code prefixes that name each condition on a chart.
_WORDS: Final = {
    HandoutCondition.DIABETES: r"diabet\w*|t2dm|t1dm|dm2",
    HandoutCondition.HEART_FAILURE: r"heart failure|chf|hfref|hfpef|cardiomyopathy|insuficiencia cardiaca",
    HandoutCondition.COPD: r"copd|chronic obstructive|emphysema|chronic bronchitis|epoc",
    HandoutCondition.HYPERTENSION: r"hypertension|hypertensive|high blood pressure|htn|hipertensi\w*",
    HandoutCondition.DEPRESSION: r"depressi\w*|depresi\w*",
}
_CODES: Final = {
    HandoutCondition.DIABETES: ("E08", "E09", "E10", "E11", "E13"),
    HandoutCondition.HEART_FAILURE: ("I50", "I11.0", "I13.0", "I13.2"),
    HandoutCondition.COPD: ("J43", "J44"),
    HandoutCondition.HYPERTENSION: ("I10", "I11", "I12", "I13", "I15", "I16"),
    HandoutCondition.DEPRESSION: ("F32", "F33", "F34.1"),
}
_PATTERNS: Final = {c: re.compile(rf"\b(?:{w})\b", re.IGNORECASE) for c, w in _WORDS.items()}


def conditions_named(texts: Iterable[str], codes: Iterable[str] = ()) -> frozenset[HandoutCondition]:
    """The conditions that these problem texts, diagnoses and ICD-10 codes name (always with "general")."""
    found = {HandoutCondition.GENERAL}
    words = list(texts)
    for condition, pattern in _PATTERNS.items():
        if any(pattern.search(text) for text in words):
            found.add(condition)
    for code in (c.strip().upper() for c in codes):
        found.update(c for c, prefixes in _CODES.items() if code.startswith(prefixes))
    return frozenset(found)


class HandoutFacts(BaseModel):
    """What an administrator types about a handout; the file's checks are separate."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    title: Annotated[Text, Field(max_length=120)]
    condition: HandoutCondition
    language: Literal["en", "es"]

    @field_validator("title", mode="before")
    @classmethod
    def _title_required(cls, value: object) -> object:
        return require_text(value, "Enter the handout's title")


class HandoutInfo(BaseModel):
    """A stored handout as lists show it (its bytes stay in the vault until a packet merges them)."""

    model_config = ConfigDict(frozen=True)

    id: int
    title: str
    condition: HandoutCondition
    language: str
    pages: int
    size_bytes: int
    added_on: str  # UTC ISO stamp
    added_by: str

    def matches(self, conditions: Iterable[HandoutCondition], language: str) -> bool:
        return self.condition in set(conditions) and self.language == language.split("-")[0].lower()


def size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"
