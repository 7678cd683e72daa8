"""Disclosures: who a printout went to and why, and which ones the HIPAA accounting must list (domain.md 8.4).

45 CFR 164.528 gives a patient the right to an accounting of disclosures of their information for up to six years
before the request. It excludes disclosures for treatment, payment and health care operations, disclosures to the
patient, those the patient authorized, and those to persons involved in the patient's care (164.510(b)). What is
left, and must be listed with date, recipient, description and purpose, is a disclosure for some other purpose to
someone other than the patient or a caregiver.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Final, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carecoord_desktop.domain.validation import OptionalText, user_error

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
ACCOUNTING_YEARS: Final = 6


class RecipientKind(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"  # named on the chart
    PROVIDER = "provider"  # an outside provider, free text now, the directory once referrals land
    OTHER = "other"


class PurposeKind(StrEnum):
    TREATMENT = "treatment"
    PATIENT_REQUEST = "patient-request"
    CARE_COORDINATION = "care-coordination"
    OTHER = "other"


class Delivery(StrEnum):
    """How the document left the app: the audit action is ``disclosure.<value>``."""

    PRINT = "print"
    SAVE = "save"

    @property
    def action(self) -> str:
        return f"disclosure.{self.value}"


_Kind = TypeVar("_Kind", RecipientKind, PurposeKind)


def _coded(text: str, kinds: type[_Kind], choices: str) -> tuple[_Kind, str | None]:
    """``kind`` or ``kind:rest`` as typed on a command line; ValueError names the choices."""
    kind, _, rest = text.partition(":")
    try:
        return kinds(kind.strip().lower()), rest or None
    except ValueError:
        noun = "recipient" if kinds is RecipientKind else "purpose"
        raise ValueError(f"The {noun} must be {choices}") from None


class Recipient(BaseModel):
    model_config = _MODEL_CONFIG

    kind: RecipientKind
    name: OptionalText = Field(default=None, max_length=120)

    @model_validator(mode="before")
    @classmethod
    def _patient_needs_no_name(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("kind") in (
            RecipientKind.PATIENT,
            RecipientKind.PATIENT.value,
        ):
            return {**data, "name": None}
        return data

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.kind is not RecipientKind.PATIENT and self.name is None:
            raise user_error("recipient_name_missing", "Enter the recipient's name", field="name")
        return self

    @classmethod
    def parse(cls, text: str) -> Recipient:
        """``patient``, ``caregiver:NAME``, ``provider:NAME`` or ``other:NAME`` (the CLI's spelling)."""
        kind, name = _coded(text, RecipientKind, "patient, caregiver:NAME, provider:NAME or other:NAME")
        return cls(kind=kind, name=name)


class Purpose(BaseModel):
    model_config = _MODEL_CONFIG

    kind: PurposeKind
    text: OptionalText = Field(default=None, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _text_only_for_other(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("kind") not in (PurposeKind.OTHER, PurposeKind.OTHER.value):
            return {**data, "text": None}
        return data

    @model_validator(mode="after")
    def _described(self) -> Self:
        if self.kind is PurposeKind.OTHER and self.text is None:
            raise user_error("purpose_text_missing", "Say what the document is for", field="text")
        return self

    @classmethod
    def parse(cls, text: str) -> Purpose:
        """``treatment``, ``patient-request``, ``care-coordination`` or ``other:TEXT``."""
        kind, described = _coded(
            text, PurposeKind, "treatment, patient-request, care-coordination or other:TEXT"
        )
        return cls(kind=kind, text=described)


def requires_accounting(recipient: RecipientKind, purpose: PurposeKind) -> bool:
    """Whether 164.528 requires this disclosure in the patient's accounting (see the module docstring).

    Treatment and care coordination are treatment and operations; a patient's own request stands for their
    authorization; the patient and the caregivers named on the chart (persons involved in care) are excluded.
    """
    if recipient in (RecipientKind.PATIENT, RecipientKind.CAREGIVER):
        return False
    return purpose is PurposeKind.OTHER


def accounting_start(today: date) -> date:
    """The earliest day an accounting requested today must cover (six years back; 29 February → 28th)."""
    try:
        return today.replace(year=today.year - ACCOUNTING_YEARS)
    except ValueError:
        return today.replace(year=today.year - ACCOUNTING_YEARS, day=28)
