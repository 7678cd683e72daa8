"""The clinical summary on a chart: problem list, allergies, the risk tier a person set, and the care team.

Problems, allergies and risk make up :class:`ClinicalSummary`, the part of a chart the front desk may not see.
The care team is kept beside it on the patient because its names are visible to every role.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import Final, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from carecoord_desktop.domain.contact import OptionalPhoneNumber
from carecoord_desktop.domain.validation import (
    OptionalPastDate,
    OptionalText,
    PastDate,
    StaffId,
    Text,
    require_text,
    user_error,
)

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
_System = TypeVar("_System", bound=StrEnum)

# ---------------------------------------------------------------------------------------------- codes


class CodeSystem(StrEnum):
    SNOMED_CT = "snomed-ct"
    ICD_10_CM = "icd-10-cm"

    @property
    def uri(self) -> str:
        """The FHIR system URI, for interop."""
        return {
            CodeSystem.SNOMED_CT: "http://snomed.info/sct",
            CodeSystem.ICD_10_CM: "http://hl7.org/fhir/sid/icd-10-cm",
        }[self]


_ICD_10_CM = re.compile(r"([A-Z][0-9][0-9A-Z])\.?([0-9A-Z]{1,4})?")

# Verhoeff dihedral-group tables; SNOMED CT identifiers end in a Verhoeff check digit.
_VERHOEFF_D: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P: Final = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def _verhoeff_valid(digits: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def normalize_code(system: CodeSystem, code: str) -> str:
    """The canonical form of a code (``E119`` becomes ``E11.9``); ValueError with a plain message."""
    cleaned = "".join(code.split()).upper()
    if system is CodeSystem.ICD_10_CM:
        match = _ICD_10_CM.fullmatch(cleaned)
        if match is None:
            raise ValueError("Enter an ICD-10-CM code such as E11.9")
        return f"{match[1]}.{match[2]}" if match[2] else match[1]
    # A concept id: 6 to 18 digits, no leading zero, partition digit 0 (a concept), Verhoeff check digit.
    if not re.fullmatch(r"[1-9][0-9]{5,17}", cleaned) or cleaned[-2] != "0":
        raise ValueError("Enter a SNOMED CT concept id: 6 to 18 digits, such as 44054006")
    if not _verhoeff_valid(cleaned):
        raise ValueError("This SNOMED CT code has a typo (its check digit does not match)")
    return cleaned


def checked_code(
    code: str | None, system: _System | None, normalize: Callable[[_System, str], str], noun: str
) -> str | None:
    """A code and its system go together; the code in its canonical form, or a plain user error."""
    if code is None:
        if system is not None:
            raise user_error("code_missing", f"Enter the {noun}, or clear the code system")
        return None
    if system is None:
        raise user_error("code_system_missing", f"Choose the code system for this {noun}")
    try:
        return normalize(system, code)
    except ValueError as error:
        raise user_error("code_invalid", str(error)) from None


# ---------------------------------------------------------------------------------------------- problems


class ProblemStatus(StrEnum):
    """FHIR Condition.clinicalStatus."""

    ACTIVE = "active"
    RECURRENCE = "recurrence"
    RELAPSE = "relapse"
    INACTIVE = "inactive"
    REMISSION = "remission"
    RESOLVED = "resolved"

    @property
    def is_current(self) -> bool:
        return self in (ProblemStatus.ACTIVE, ProblemStatus.RECURRENCE, ProblemStatus.RELAPSE)


class Problem(BaseModel):
    model_config = _MODEL_CONFIG

    text: Text = Field(max_length=200)
    code_system: CodeSystem | None = None
    code: OptionalText = Field(default=None, max_length=20, validate_default=True)
    onset: OptionalPastDate = None
    status: ProblemStatus = ProblemStatus.ACTIVE

    @field_validator("text", mode="before")
    @classmethod
    def _text_required(cls, value: object) -> object:
        return require_text(value, "Describe the problem, e.g. Type 2 diabetes")

    @field_validator("code")
    @classmethod
    def _coded(cls, code: str | None, info: ValidationInfo) -> str | None:
        return checked_code(code, info.data.get("code_system"), normalize_code, "code")


# ---------------------------------------------------------------------------------------------- allergies


class AllergyCategory(StrEnum):
    """FHIR AllergyIntolerance.category."""

    MEDICATION = "medication"
    FOOD = "food"
    ENVIRONMENT = "environment"
    BIOLOGIC = "biologic"


class AllergySeverity(StrEnum):
    """The worst reaction's severity (FHIR reaction.severity); None on an allergy means not known."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class AllergenCodeSystem(StrEnum):
    """How an allergen may be coded, so interaction and allergy checks can match it: RxNorm for drugs
    (ingredient concepts), SNOMED CT for substances of any kind."""

    RXNORM = "rxnorm"
    SNOMED_CT = "snomed-ct"

    @property
    def uri(self) -> str:
        return {
            AllergenCodeSystem.RXNORM: "http://www.nlm.nih.gov/research/umls/rxnorm",
            AllergenCodeSystem.SNOMED_CT: CodeSystem.SNOMED_CT.uri,
        }[self]


def normalize_allergen_code(system: AllergenCodeSystem, code: str) -> str:
    """The canonical form of an allergen code; ValueError with a plain message."""
    cleaned = "".join(code.split())
    if system is AllergenCodeSystem.SNOMED_CT:
        return normalize_code(CodeSystem.SNOMED_CT, cleaned)
    if not re.fullmatch(r"[1-9][0-9]{0,7}", cleaned):
        raise ValueError("Enter an RxNorm concept id: up to 8 digits, such as 7980")
    return cleaned


class Allergy(BaseModel):
    """An allergy as entered. Stored in its own table (see domain/allergies.py for the stored record)."""

    model_config = _MODEL_CONFIG

    substance: Text = Field(max_length=120)
    category: AllergyCategory | None = None
    reactions: tuple[Text, ...] = ()
    severity: AllergySeverity | None = None
    #: The optional coded allergen (the substance text stays what the patient or source said).
    code_system: AllergenCodeSystem | None = None
    code: OptionalText = Field(default=None, max_length=20, validate_default=True)

    @field_validator("substance", mode="before")
    @classmethod
    def _substance_required(cls, value: object) -> object:
        return require_text(value, "Enter the substance, e.g. Penicillin")

    @field_validator("code")
    @classmethod
    def _coded(cls, code: str | None, info: ValidationInfo) -> str | None:
        return checked_code(code, info.data.get("code_system"), normalize_allergen_code, "allergen code")

    def as_line(self) -> str:
        """ "Penicillin (Hives; severe)": how a letter or a referral names it."""
        extra = [", ".join(self.reactions), self.severity.value if self.severity else ""]
        details = "; ".join(x for x in extra if x)
        return f"{self.substance} ({details})" if details else self.substance

    @property
    def key(self) -> str:
        """What makes two entries the same allergy on one patient: the substance, case and spacing aside."""
        return " ".join(self.substance.casefold().split())

    @field_validator("reactions", mode="before")
    @classmethod
    def _drop_blank_reactions(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return tuple(item for item in value if not (isinstance(item, str) and not item.strip()))
        return value


# ---------------------------------------------------------------------------------------------- risk


class RiskTier(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    COMPLEX = "complex"


class RiskTierAssignment(BaseModel):
    """A risk tier a person set, with their reason; computed scores arrive in later issues beside it."""

    model_config = _MODEL_CONFIG

    tier: RiskTier
    set_by: StaffId
    reason: Text = Field(max_length=500)
    set_on: PastDate

    @field_validator("reason", mode="before")
    @classmethod
    def _reason_required(cls, value: object) -> object:
        return require_text(value, "Say why this risk tier was chosen")


# ---------------------------------------------------------------------------------------------- care team


class CareTeamMemberKind(StrEnum):
    STAFF = "staff"
    EXTERNAL = "external"


class CareTeamRole(StrEnum):
    PRIMARY_CARE_PROVIDER = "primary_care_provider"
    CARE_COORDINATOR = "care_coordinator"
    NURSE = "nurse"
    SPECIALIST = "specialist"
    PHARMACIST = "pharmacist"
    BEHAVIORAL_HEALTH = "behavioral_health"
    SOCIAL_WORKER = "social_worker"
    HOME_HEALTH = "home_health"
    DIETITIAN = "dietitian"
    OTHER = "other"


class CareTeamMember(BaseModel):
    """A practice staff member (by id; their name lives with the staff account) or an outside provider."""

    model_config = _MODEL_CONFIG

    kind: CareTeamMemberKind
    role: CareTeamRole
    staff_id: StaffId | None = None
    name: OptionalText = Field(default=None, max_length=120)
    specialty: OptionalText = Field(default=None, max_length=80)
    organization: OptionalText = Field(default=None, max_length=120)
    phone: OptionalPhoneNumber = None

    @model_validator(mode="after")
    def _identified(self) -> Self:
        if self.kind is CareTeamMemberKind.STAFF and self.staff_id is None:
            raise user_error("staff_missing", "Choose the staff member", field="staff_id")
        if self.kind is CareTeamMemberKind.EXTERNAL and self.name is None:
            raise user_error("provider_name_missing", "Enter the provider's name", field="name")
        return self


# ---------------------------------------------------------------------------------------------- summary


class ClinicalSummary(BaseModel):
    """Problems and the risk tier are stored in the patient record; `allergies` are the patient's current
    allergies, kept in their own table and filled in by the service that reads the chart."""

    model_config = _MODEL_CONFIG

    problems: tuple[Problem, ...] = ()
    allergies: tuple[Allergy, ...] = ()
    #: A clinician checked and there are none; different from nothing recorded yet.
    no_known_allergies: bool = False
    risk_tier: RiskTierAssignment | None = None

    @model_validator(mode="after")
    def _allergies_consistent(self) -> Self:
        if self.no_known_allergies and self.allergies:
            raise user_error(
                "allergies_conflict",
                "Clear 'No known allergies' or remove the listed allergies",
                field="no_known_allergies",
            )
        keys = [allergy.key for allergy in self.allergies]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                raise user_error(
                    "allergy_twice",
                    f"{self.allergies[index].substance} is listed twice; keep one entry",
                    field=f"allergies.{index}.substance",
                )
        return self

    def current_problems(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.status.is_current)


def allergy_banner(summary: ClinicalSummary) -> str:
    """The chart header's allergy line: every allergy named, severe ones first, or why there are none."""
    if summary.allergies:
        rank = {AllergySeverity.SEVERE: 0, AllergySeverity.MODERATE: 1, AllergySeverity.MILD: 2, None: 3}
        ordered = sorted(summary.allergies, key=lambda allergy: rank[allergy.severity])
        shown = [
            f"{allergy.substance} ({allergy.severity.value})" if allergy.severity else allergy.substance
            for allergy in ordered
        ]
        return "Allergies: " + ", ".join(shown)
    if summary.no_known_allergies:
        return "No known allergies"
    return "Allergies not recorded"
