"""The patient record, and the pure helpers the panel and search need (age, display name, search keys).

Validation is practice-configurable through :class:`~carecoord_desktop.domain.validation.PatientRules`::

    patient = Patient.model_validate(form_data, context=rules.context())

and a failure becomes one plain sentence per form field with
:func:`~carecoord_desktop.domain.validation.field_errors`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from carecoord_desktop.domain.clinical_summary import CareTeamMember, ClinicalSummary
from carecoord_desktop.domain.contact import (
    ContactChannel,
    ContactPreferences,
    OptionalEmail,
    PatientPhones,
    PostalAddress,
)
from carecoord_desktop.domain.validation import (
    OptionalPastDate,
    OptionalText,
    PastDate,
    StaffId,
    Text,
    parse_date_text,
    require_text,
    rules_for,
    user_error,
)

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class SexAtBirth(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class GenderIdentity(StrEnum):
    """The ONC 2015 Edition gender identity answers."""

    FEMALE = "female"
    MALE = "male"
    TRANSGENDER_FEMALE = "transgender_female"
    TRANSGENDER_MALE = "transgender_male"
    NONBINARY = "nonbinary"
    OTHER = "other"
    NOT_DISCLOSED = "not_disclosed"


class PatientStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    TRANSFERRED = "transferred"
    DECEASED = "deceased"


class CareProgram(StrEnum):
    CCM = "ccm"
    PCM = "pcm"
    TCM = "tcm"

    @property
    def label(self) -> str:
        return {
            CareProgram.CCM: "Chronic Care Management",
            CareProgram.PCM: "Principal Care Management",
            CareProgram.TCM: "Transitional Care Management",
        }[self]

    @property
    def needs_consent(self) -> bool:
        """CCM and PCM are billed only with the patient's documented consent (docs/domain.md §4)."""
        return self in (CareProgram.CCM, CareProgram.PCM)


#: Languages offered first in pick lists (code: English name); any BCP 47 tag is accepted.
COMMON_LANGUAGES: Final = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "vi": "Vietnamese",
    "tl": "Tagalog",
    "ar": "Arabic",
    "ko": "Korean",
    "ru": "Russian",
    "fr": "French",
    "ht": "Haitian Creole",
    "pt": "Portuguese",
    "hi": "Hindi",
    "so": "Somali",
    "pl": "Polish",
    "de": "German",
    "ase": "American Sign Language",
}
COMMON_PRONOUNS: Final = ("she/her", "he/him", "they/them")

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _canonical_language_tag(tag: str) -> str:
    """BCP 47 casing: language lower, script title (zh-Hant), region upper (pt-BR)."""
    first, *rest = tag.split("-")
    subtags = [first.lower()]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha():
            subtags.append(subtag.title())
        elif len(subtag) == 2 and subtag.isalpha():
            subtags.append(subtag.upper())
        else:
            subtags.append(subtag.lower())
    return "-".join(subtags)


class ProgramEnrolment(BaseModel):
    model_config = _MODEL_CONFIG

    program: CareProgram
    started_on: PastDate
    consent_date: OptionalPastDate = Field(default=None, validate_default=True)
    ended_on: date | None = None

    @field_validator("consent_date")
    @classmethod
    def _consent(cls, value: date | None, info: ValidationInfo) -> date | None:
        program = info.data.get("program")
        started_on = info.data.get("started_on")
        if value is None and isinstance(program, CareProgram) and program.needs_consent:
            raise user_error("consent_missing", f"Enter the date the patient consented to {program.name}")
        if value is not None and isinstance(started_on, date) and value > started_on:
            raise user_error("consent_after_start", "Consent must be given on or before the start date")
        return value

    @field_validator("ended_on")
    @classmethod
    def _ends_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        started_on = info.data.get("started_on")
        if value is not None and isinstance(started_on, date) and value < started_on:
            raise user_error("end_before_start", "The end date cannot be before the start date")
        return value

    def is_open(self, on: date) -> bool:
        return self.started_on <= on and (self.ended_on is None or on <= self.ended_on)


@dataclass(frozen=True)
class ProgramsWindow:
    """The programs open on a day, and the days between which that set stays the same:
    valid for any day d with since <= d < until (None: no bound)."""

    programs: tuple[str, ...]
    since: date | None
    until: date | None


def programs_window(enrolments: Iterable[tuple[str, date, date | None]], today: date) -> ProgramsWindow:
    """For (program, started_on, ended_on) enrolments: what the panel's Programs column shows on `today`."""
    spans = list(enrolments)
    open_now = sorted({p for p, start, end in spans if start <= today and (end is None or today <= end)})
    changes = [start for _, start, _ in spans] + [end + timedelta(days=1) for *_, end in spans if end]
    return ProgramsWindow(
        tuple(open_now),
        max((d for d in changes if d <= today), default=None),
        min((d for d in changes if d > today), default=None),
    )


class Insurance(BaseModel):
    model_config = _MODEL_CONFIG

    payer_name: Text = Field(max_length=120)
    member_id: Text = Field(max_length=30)
    group_number: OptionalText = Field(default=None, max_length=30)

    @field_validator("payer_name", "member_id", mode="before")
    @classmethod
    def _required(cls, value: object, info: ValidationInfo) -> object:
        messages = {"payer_name": "Enter the insurance company's name", "member_id": "Enter the member ID"}
        return require_text(value, messages[info.field_name or ""])

    @field_validator("member_id")
    @classmethod
    def _member_id(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]*", value):
            raise user_error(
                "member_id_invalid", "The member ID may contain only letters, digits and hyphens"
            )
        return value.upper()


class Patient(BaseModel):
    """One patient's chart record. Storage owns the row id and versions; the MRN is the practice's key."""

    model_config = _MODEL_CONFIG

    # Field order matters: a field's validator sees only the fields declared above it (info.data).
    mrn: str
    given_name: Text = Field(max_length=80)
    family_name: Text = Field(max_length=80)
    preferred_name: OptionalText = Field(default=None, max_length=80)
    date_of_birth: PastDate
    sex_at_birth: SexAtBirth
    gender_identity: GenderIdentity | None = None
    pronouns: OptionalText = Field(default=None, max_length=40)
    preferred_language: str = "en"
    interpreter_needed: bool = False
    phones: PatientPhones = PatientPhones()
    email: OptionalEmail = None
    address: PostalAddress | None = None
    pcp_id: StaffId | None = None
    coordinator_id: StaffId | None = None
    insurance: Insurance | None = None
    programs: tuple[ProgramEnrolment, ...] = ()
    status: PatientStatus = PatientStatus.ACTIVE
    date_of_death: OptionalPastDate = Field(default=None, validate_default=True)
    contact: ContactPreferences = ContactPreferences()
    care_team: tuple[CareTeamMember, ...] = ()
    clinical: ClinicalSummary = ClinicalSummary()

    @field_validator("mrn", mode="before")
    @classmethod
    def _mrn(cls, value: object, info: ValidationInfo) -> object:
        require_text(value, "Enter the MRN")
        if not isinstance(value, str):
            return value
        mrn = "".join(value.split()).upper()
        rules = rules_for(info)
        if not re.fullmatch(rules.mrn_pattern, mrn):
            raise user_error("mrn_invalid", f"The MRN must be {rules.mrn_hint}, e.g. {rules.mrn_example}")
        return mrn

    @field_validator("given_name", "family_name", mode="before")
    @classmethod
    def _name_required(cls, value: object, info: ValidationInfo) -> object:
        which = "given (first)" if info.field_name == "given_name" else "family (last)"
        return require_text(value, f"Enter the patient's {which} name")

    @field_validator("given_name", "family_name", "preferred_name")
    @classmethod
    def _name_has_no_digits(cls, value: str | None) -> str | None:
        if value is not None and any(char.isdigit() for char in value):
            raise user_error("name_digits", "A name cannot contain digits")
        return value

    @field_validator("preferred_language", mode="before")
    @classmethod
    def _language(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "en"
        if not isinstance(value, str) or not _LANGUAGE_TAG.fullmatch(value.strip()):
            raise user_error(
                "language_invalid", "Choose a language from the list, or a language code such as es"
            )
        return _canonical_language_tag(value.strip())

    @field_validator("programs")
    @classmethod
    def _one_open_enrolment_per_program(
        cls, value: tuple[ProgramEnrolment, ...]
    ) -> tuple[ProgramEnrolment, ...]:
        open_programs = [enrolment.program for enrolment in value if enrolment.ended_on is None]
        for program in CareProgram:
            if open_programs.count(program) > 1:
                raise user_error("program_twice", f"The patient already has an open {program.name} enrolment")
        return value

    @field_validator("date_of_death")
    @classmethod
    def _death(cls, value: date | None, info: ValidationInfo) -> date | None:
        status = info.data.get("status")
        born = info.data.get("date_of_birth")
        if status is PatientStatus.DECEASED and value is None:
            raise user_error("death_date_missing", "Enter the date of death")
        if value is not None and status is not None and status is not PatientStatus.DECEASED:
            raise user_error(
                "death_date_unexpected",
                "A date of death goes only with the status Deceased; clear it or change the status",
            )
        if value is not None and isinstance(born, date) and value < born:
            raise user_error("death_before_birth", "Date of death cannot be before the date of birth")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        self._check_preferred_channel_reachable()
        for index, problem in enumerate(self.clinical.problems):
            if problem.onset is not None and problem.onset < self.date_of_birth:
                raise user_error(
                    "onset_before_birth",
                    "Onset date cannot be before the date of birth",
                    field=f"clinical.problems.{index}.onset",
                )
        return self

    def _check_preferred_channel_reachable(self) -> None:
        channel = self.contact.preferred_channel
        missing = {
            ContactChannel.TEXT: (self.phones.mobile is None, "Texts need a mobile number"),
            ContactChannel.PHONE: (not self.phones.numbers(), "Calls need a phone number"),
            ContactChannel.EMAIL: (self.email is None, "Email needs an email address"),
            ContactChannel.MAIL: (self.address is None, "Letters need a postal address"),
        }
        if channel is not None and missing[channel][0]:
            raise user_error(
                "preferred_channel_unreachable",
                f"{missing[channel][1]}; add one or choose another preferred channel",
                field="contact.preferred_channel",
            )

    @property
    def display_name(self) -> str:
        return display_name(self.family_name, self.given_name, self.preferred_name)

    def age_on(self, today: date) -> int:
        """Completed years on `today`, or at death for a deceased patient (a dead patient does not age)."""
        return age_on(self.date_of_birth, min(today, self.date_of_death or today))

    def age_text(self, today: date) -> str:
        return age_text(self.date_of_birth, today, self.date_of_death)

    def open_programs(self, on: date) -> tuple[CareProgram, ...]:
        return tuple(enrolment.program for enrolment in self.programs if enrolment.is_open(on))


# ---------------------------------------------------------------------------------------------- helpers


def age_on(date_of_birth: date, today: date) -> int:
    """Completed years on ``today``; a 29 February birthday counts from 1 March in common years."""
    if today < date_of_birth:
        raise ValueError("today is before the date of birth")
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday


def age_text(date_of_birth: date, today: date, date_of_death: date | None = None) -> str:
    """How old the patient is ("65 years"), or was when they died ("died at 64"): never a dead patient's
    birthday count."""
    if date_of_death is not None:
        return f"died at {age_on(date_of_birth, max(date_of_death, date_of_birth))}"
    return f"{age_on(date_of_birth, today)} years"


def outreach_refusal(status: str, name: str) -> str | None:
    """Why nobody may call, write to or schedule work for this patient (None: outreach is fine).
    Every call list, letter and due item asks this first."""
    if status == PatientStatus.DECEASED.value:
        return f"{name} has died: no calls, letters or follow-ups are scheduled for a deceased patient."
    return None


def display_name(family_name: str, given_name: str, preferred_name: str | None = None) -> str:
    """``Family, Given (Preferred)``; the preferred name is left out when it only repeats the given name."""
    name = f"{family_name}, {given_name}"
    if preferred_name and normalize_for_search(preferred_name) != normalize_for_search(given_name):
        name += f" ({preferred_name})"
    return name


# Latin letters that NFKD does not split into base + accent.
_LATIN_FOLDS: Final = str.maketrans(
    {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ħ": "h", "Ħ": "h"}
    | {"ı": "i", "ŧ": "t", "Ŧ": "t", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th"}
)
_APOSTROPHES: Final = frozenset("'’ʼ`´")


@functools.lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def _search_character(char: str) -> str:
    """Apostrophes vanish (O'Brien, OBrien); other punctuation separates words (Smith-Jones)."""
    if char in _APOSTROPHES:
        return ""
    return " " if unicodedata.category(char).startswith(("P", "S")) else char


def normalize_for_search(text: str) -> str:
    """A name as the search index stores and compares it: case and Latin accents ignored.

    José Núñez → "jose nunez", Nguyễn → "nguyen", Đặng → "dang", O'Brien → "obrien", Smith-Jones →
    "smith jones". Marks on non-Latin letters are kept (Иванова, 王芳, محمد, がく stay as they are),
    because in those scripts they change the letter rather than accent it.
    """
    folded = text.casefold()
    if folded.isascii():
        return " ".join("".join(_search_character(char) for char in folded).split())
    kept: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFKD", folded):
        if unicodedata.combining(char):
            if not base_is_latin:
                kept.append(char)
            continue
        base_is_latin = _is_latin(char)
        kept.append(_search_character(char))
    # NFKD can uncover capitals (the full-width Ｊ becomes J), hence the second casefold.
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).translate(_LATIN_FOLDS).casefold().split())


def parse_dob_query(text: str, today: date | None = None) -> date | None:
    """The date of birth a search box query means, or None if it is not one.

    03/14/1952, 3/14/52, 03-14-1952, 1952-03-14, 19520314, 14.03.1952, Mar 14 1952. A two-digit year takes
    the century that puts the date in the past; a date after ``today`` (default: the computer's date) is not
    a date of birth.
    """
    reference = today if today is not None else date.today()
    parsed = parse_date_text(text, reference)
    return parsed if parsed is not None and parsed <= reference else None


def phone_digits(text: str) -> str:
    """Just the digits, as ASCII (any script's digits count): what phone search looks for."""
    if text.isascii():
        return "".join(char for char in text if char.isdigit())
    return "".join(str(unicodedata.decimal(char)) for char in text if unicodedata.category(char) == "Nd")
