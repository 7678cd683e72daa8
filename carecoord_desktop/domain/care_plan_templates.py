"""Condition templates for care plans: what a nurse starts from for diabetes, heart failure, COPD, high blood
pressure or depression, in English and Spanish.

A template prefills a plan's goals, interventions, symptom management, education and red flags ("call us
if ...", "call 911 if ..."). The practice's copies live in the vault (the defaults ship as resources and are
copied in once) so the practice edits them and adds its own; a plan copies what it takes from a template, so
editing a template never changes a plan already made from it. The discharge packet reads the same red flags
and education (`for_problems`, `TemplateText.red_flags`).

Pure: no I/O; the resource file is read by storage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from carecoord_desktop.domain.validation import OptionalText, Text, require_text, user_error

_FROZEN: Final = ConfigDict(frozen=True, extra="forbid")
TEMPLATE_LANGUAGES: Final = ("en", "es")
MAX_ITEMS: Final = 40
_KEY = re.compile(r"[a-z][a-z0-9_]{1,39}")
_CODE_PREFIX = re.compile(r"[A-Z][0-9][0-9A-Z]?(\.[0-9A-Z]{1,4})?")


class ResponsibleRole(StrEnum):
    """Who usually does an intervention: the plan names the actual person when it is made."""

    PATIENT = "patient"
    CARE_COORDINATOR = "care_coordinator"
    PCP = "pcp"
    NURSE = "nurse"
    PHARMACIST = "pharmacist"
    SPECIALIST = "specialist"
    BEHAVIORAL_HEALTH = "behavioral_health"
    DIETITIAN = "dietitian"
    SOCIAL_WORKER = "social_worker"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS: Final = {
    ResponsibleRole.PATIENT: "Patient (and family)",
    ResponsibleRole.CARE_COORDINATOR: "Care coordinator",
    ResponsibleRole.PCP: "Primary care provider",
    ResponsibleRole.NURSE: "Nurse",
    ResponsibleRole.PHARMACIST: "Pharmacist",
    ResponsibleRole.SPECIALIST: "Specialist",
    ResponsibleRole.BEHAVIORAL_HEALTH: "Behavioral health",
    ResponsibleRole.DIETITIAN: "Dietitian",
    ResponsibleRole.SOCIAL_WORKER: "Social worker",
}


class TemplateGoal(BaseModel):
    """A measurable goal: what is measured, the target, and how many months from the plan it is due."""

    model_config = _FROZEN
    description: Text = Field(max_length=300)
    measure: Text = Field(max_length=120)
    target: Text = Field(max_length=120)
    due_in_months: int = Field(default=3, ge=1, le=24)

    @field_validator("description", "measure", "target", mode="before")
    @classmethod
    def _required(cls, value: object) -> object:
        return require_text(value, "Fill in the goal, what is measured and the target")


class TemplateIntervention(BaseModel):
    """Something the team (or the patient) will do, how often, and who usually does it."""

    model_config = _FROZEN
    description: Text = Field(max_length=300)
    responsible: ResponsibleRole = ResponsibleRole.CARE_COORDINATOR
    frequency: Text = Field(max_length=80)

    @field_validator("description", "frequency", mode="before")
    @classmethod
    def _required(cls, value: object) -> object:
        return require_text(value, "Describe the intervention and how often it happens")


def _split_lines(value: object) -> object:
    """Text (one item a line) or a list of items: each trimmed, blank ones dropped."""
    if isinstance(value, str):
        value = value.splitlines()
    if isinstance(value, (list, tuple)):
        return tuple(" ".join(str(v).split()) for v in value if str(v).strip())
    return value


def _short_lines(value: tuple[str, ...]) -> tuple[str, ...]:
    if any(len(line) > 300 for line in value):
        raise user_error("line_too_long", "Keep each line under 300 characters")
    return value


#: Plain lines a patient reads (symptom management, education, warning signs): up to 40, each under 300.
Lines = Annotated[
    tuple[str, ...], BeforeValidator(_split_lines), AfterValidator(_short_lines), Field(max_length=MAX_ITEMS)
]


class TemplateText(BaseModel):
    """One language's wording of a template (plain words, about a 6th-grade reading level)."""

    model_config = _FROZEN
    name: Text = Field(max_length=80)
    expected_outcome: OptionalText = Field(default=None, max_length=500)
    goals: tuple[TemplateGoal, ...] = Field(default=(), max_length=MAX_ITEMS)
    interventions: tuple[TemplateIntervention, ...] = Field(default=(), max_length=MAX_ITEMS)
    symptom_management: Lines = ()
    education: Lines = ()
    call_us_if: Lines = ()
    call_911_if: Lines = ()

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        return require_text(value, "Give the template a name")

    @property
    def red_flags(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """("call us if" lines, "call 911 if" lines)."""
        return self.call_us_if, self.call_911_if


class CarePlanTemplate(BaseModel):
    """A condition template: its key, the ICD-10-CM code prefixes it fits, and its text per language."""

    model_config = _FROZEN
    key: str
    condition_codes: tuple[str, ...] = ()
    review_every_months: int = Field(default=6, ge=1, le=12)
    text: dict[str, TemplateText]

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not _KEY.fullmatch(value):
            raise user_error("template_key", "Use 2 to 40 small letters, digits or _ for the template's key")
        return value

    @field_validator("condition_codes", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if isinstance(value, (list, tuple)):
            codes = tuple(str(v).strip().upper() for v in value if str(v).strip())
            for code in codes:
                if not _CODE_PREFIX.fullmatch(code):
                    raise user_error("template_code", f"{code} is not an ICD-10-CM code or prefix (e.g. E11)")
            return codes
        return value

    @model_validator(mode="after")
    def _languages(self) -> Self:
        if "en" not in self.text:
            raise user_error("template_english", "A template needs its English text", field="text.en.name")
        unknown = set(self.text) - set(TEMPLATE_LANGUAGES)
        if unknown:
            raise user_error("template_language", f"Templates are written in {', '.join(TEMPLATE_LANGUAGES)}")
        return self

    def in_language(self, language: str) -> TemplateText:
        """The text in `language` (es-MX → es), English where the template has none."""
        primary = language.split("-")[0].lower()
        return self.text.get(primary) or self.text["en"]

    @property
    def name(self) -> str:
        return self.text["en"].name

    def fits(self, codes: Iterable[str | None], names: Iterable[str] = ()) -> bool:
        """Whether a problem list (ICD-10-CM codes, or words when uncoded) fits this condition."""
        for code in codes:
            plain = (code or "").upper()
            if plain and any(plain.startswith(prefix) for prefix in self.condition_codes):
                return True
        wanted = self.name.casefold()
        return any(wanted in name.casefold() or name.casefold() in wanted for name in names if name)


def for_problems(
    templates: Iterable[CarePlanTemplate], codes: Iterable[str | None], names: Iterable[str] = ()
) -> list[CarePlanTemplate]:
    """The templates that fit a patient's problems, in the order given."""
    code_list, name_list = list(codes), list(names)
    return [t for t in templates if t.fits(code_list, name_list)]
