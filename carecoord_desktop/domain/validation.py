"""Practice-configurable validation rules and plain-English error reporting for the domain models.

Validators stay pure: practice settings (MRN format, default phone region) and the reference date reach them
through pydantic's validation context, never through globals::

    Patient.model_validate(data, context=PatientRules(phone_region="CA").context())

Without a context the defaults apply (US phones, the default MRN pattern, the computer's date).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final

import phonenumbers
from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.labels import label

#: 4 to 20 capital letters, digits and inner hyphens (MRNs are upper-cased before matching).
DEFAULT_MRN_PATTERN: Final = r"[A-Z0-9][A-Z0-9-]{2,18}[A-Z0-9]"
_CONTEXT_KEY: Final = "carecoord_patient_rules"
_OLDEST_AGE_YEARS: Final = 130


@dataclass(frozen=True, slots=True)
class PatientRules:
    """The practice settings that change what a valid patient record is."""

    mrn_pattern: str = DEFAULT_MRN_PATTERN
    mrn_hint: str = "4 to 20 letters or digits (hyphens allowed inside)"
    mrn_example: str = "00123456"
    phone_region: str = "US"
    #: The date "in the future" is measured against; None means the computer's date.
    today: date | None = None
    #: Reading stored data, not input: the input-only rules (a date not in the future, not too long ago) are
    #: off, because the record was valid on the day and on the workstation that saved it.
    stored: bool = False

    def __post_init__(self) -> None:
        # A bad setting is a configuration bug: fail when the rules are built, not on the first patient.
        re.compile(self.mrn_pattern)
        if self.phone_region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(
                f"Unknown phone region {self.phone_region!r}; use an ISO country code such as 'US'"
            )

    def context(self) -> dict[str, Any]:
        """The validation context to pass to ``model_validate(..., context=...)``."""
        return {_CONTEXT_KEY: self}

    def reference_date(self) -> date:
        return self.today if self.today is not None else date.today()

    def for_input(self, today: date) -> PatientRules:
        """The rules for what a person typed on the practice's `today`."""
        return dataclasses.replace(self, today=today, stored=False)

    def for_stored(self) -> PatientRules:
        """The rules for reading back what was saved: structure and cross-field rules, no input-only rules."""
        return dataclasses.replace(self, stored=True)


DEFAULT_RULES: Final = PatientRules()


def rules_for(info: ValidationInfo) -> PatientRules:
    """The rules a validator should apply: those in the context, else the defaults."""
    context = info.context
    if isinstance(context, dict):
        rules = context.get(_CONTEXT_KEY)
        if isinstance(rules, PatientRules):
            return rules
    return DEFAULT_RULES


def user_error(kind: str, message: str, *, field: str | None = None) -> PydanticCustomError:
    """An error a user can fix, with its message ready to show.

    ``field`` names the form field the message belongs next to (a dotted path relative to the model raising
    it), for checks that span several fields and so are raised by a model validator.
    """
    context = {"field": field} if field else None
    return PydanticCustomError(kind, message.replace("{", "(").replace("}", ")"), context)


# Plain sentences for pydantic's own error types, which otherwise read like "Input should be a valid date".
_BUILTIN_MESSAGES: Final = {
    "missing": "This field is required",
    "date_type": "Enter a date such as 03/14/1952",
    "date_parsing": "Enter a date such as 03/14/1952",
    "date_from_datetime_parsing": "Enter a date such as 03/14/1952",
    "date_from_datetime_inexact": "Enter a date without a time",
    "bool_type": "Choose yes or no",
    "bool_parsing": "Choose yes or no",
    "string_type": "Enter text here",
    "extra_forbidden": "This field is not part of the record",
}


def _choose(expected: str) -> str:
    """pydantic's "'female', 'male' or 'unknown'" as the labels the form shows: "Choose Female, Male or Unknown"."""
    shown = [label(code) for code in re.findall(r"'([^']*)'", expected)]
    if not shown:
        return "Choose one of the listed values"
    return "Choose " + (f"{', '.join(shown[:-1])} or {shown[-1]}" if len(shown) > 1 else shown[0])


def field_errors(error: ValidationError) -> dict[str, str]:
    """One plain-English message per form field (dotted path such as ``phones.mobile``), first error wins."""
    messages: dict[str, str] = {}
    for detail in error.errors():
        context = detail.get("ctx") or {}
        parts = [str(part) for part in detail["loc"]]
        if isinstance(target := context.get("field"), str):
            parts.append(target)
        path = ".".join(parts)
        kind = detail["type"]
        if kind == "enum":
            message = _choose(str(context.get("expected", "")))
        elif kind == "string_too_long":
            message = f"Use at most {context.get('max_length')} characters"
        else:
            message = _BUILTIN_MESSAGES.get(kind, str(detail["msg"]).removeprefix("Value error, "))
        messages.setdefault(path or "__root__", message[:1].upper() + message[1:])
    return messages


def validation_failed(error: ValidationError, what: str | None = None) -> ValidationFailed:
    """The one converter from pydantic's errors to a typed user error: a message per field, and a sentence
    naming the first ("Check phones › mobile: ...", or "<what> could not be saved: ..." when `what` is given)."""
    fields = field_errors(error)
    first_field, first_message = next(iter(fields.items()), ("__root__", "This is not valid"))
    label = first_field.replace("_", " ").replace(".", " › ")
    if what is None:
        return ValidationFailed(f"Check {label}: {first_message}.", fields)
    return ValidationFailed(f"{what} could not be saved: {label}: {first_message}", fields)


# ---------------------------------------------------------------------------------------------- text


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def _clean_text(value: object) -> object:
    """Trim and collapse whitespace; an empty entry is no entry."""
    if isinstance(value, str):
        cleaned = " ".join(value.split())
        return cleaned or None
    return value


def _reject_control_characters(value: str | None) -> str | None:
    if value is not None and _has_control_characters(value):
        raise user_error("text_control_characters", "Remove the special (control) characters from this text")
    return value


# Blank-to-None has to happen inside the annotated type, before pydantic picks a branch of ``X | None``:
# so the optional types below include None themselves, and a field is declared ``OptionalText = None``.

#: Required free text, trimmed with inner whitespace collapsed. A blank entry gets its own "Enter the ..."
#: message from the model's before-validator (see :func:`require_text`).
Text = Annotated[str, BeforeValidator(_clean_text), AfterValidator(_reject_control_characters)]
#: Optional free text: as :data:`Text`, and a blank entry becomes None.
OptionalText = Annotated[str | None, BeforeValidator(_clean_text), AfterValidator(_reject_control_characters)]


def require_text(value: object, message: str) -> object:
    """For a required text field's before-validator: a blank entry gets ``message``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise user_error("required", message)
    return value


#: A staff account's id (the ``staff.id`` primary key in storage).
StaffId = Annotated[int, Field(gt=0)]


# ---------------------------------------------------------------------------------------------- dates

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_US_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_FIRST = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2}) ([a-z]+)\.?,? (\d{4})")


def _year(text: str, month: int, day: int, today: date) -> int:
    """A four-digit year as written; a two-digit one in the latest century that keeps the date in the past."""
    year = int(text)
    if len(text) == 4:
        return year
    candidate = (today.year // 100) * 100 + year
    while candidate > today.year or (candidate == today.year and (month, day) > (today.month, today.day)):
        candidate -= 100
    return candidate


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_text(text: str, today: date) -> date | None:
    """A date as people type it at a US front desk, or None.

    Accepted: 03/14/1952, 3/14/52, 03-14-1952 (month first); 1952-03-14; 19520314; 14.03.1952 (day first,
    as written in Europe); Mar 14, 1952 and 14 March 1952. A two-digit year is put in the latest century that
    keeps the date on or before ``today``: dates typed this way are birth dates, never future ones.
    """
    cleaned = " ".join(text.strip().casefold().replace(",", ", ").split()).replace(" ,", ",")
    if match := _US_DATE.fullmatch(cleaned):
        month, day = int(match[1]), int(match[2])
        return _date_or_none(_year(match[3], month, day, today), month, day)
    if match := _ISO_DATE.fullmatch(cleaned) or _COMPACT_DATE.fullmatch(cleaned):
        return _date_or_none(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED_DATE.fullmatch(cleaned):
        day, month = int(match[1]), int(match[2])
        return _date_or_none(_year(match[3], month, day, today), month, day)
    if (match := _MONTH_FIRST.fullmatch(cleaned)) and match[1] in _MONTHS:
        return _date_or_none(int(match[3]), _MONTHS[match[1]], int(match[2]))
    if (match := _DAY_FIRST.fullmatch(cleaned)) and match[2] in _MONTHS:
        return _date_or_none(int(match[3]), _MONTHS[match[2]], int(match[1]))
    return None


# Labels for "<label> cannot be in the future"; a field not listed is called "This date".
_DATE_LABELS: Final = {
    "date_of_birth": "Date of birth",
    "date_of_death": "Date of death",
    "consent_date": "Consent date",
    "recorded_on": "Consent date",
    "authorized_on": "Authorization date",
    "onset": "Onset date",
    "set_on": "Risk tier date",
    "started_on": "Start date",
    "start_date": "Start date",
    "stopped_on": "Stop date",
}


def _date_from_text(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        if not value.strip():
            return None
        parsed = parse_date_text(value, rules_for(info).reference_date())
        if parsed is None:
            raise user_error("date_unreadable", "Enter a date such as 03/14/1952")
        return parsed
    return value


def _not_in_future(value: date | None, info: ValidationInfo) -> date | None:
    rules = rules_for(info)
    if value is None or rules.stored:
        return value
    label = _DATE_LABELS.get(info.field_name or "", "This date")
    if value > rules.reference_date():
        raise user_error("date_in_future", f"{label} cannot be in the future")
    if value.year < rules.reference_date().year - _OLDEST_AGE_YEARS:
        raise user_error(
            "date_too_old", f"Check the year: {label.lower()} is more than {_OLDEST_AGE_YEARS} years ago"
        )
    return value


#: A date that has already happened; accepts a date, ISO text, or the forms :func:`parse_date_text` reads.
PastDate = Annotated[date, BeforeValidator(_date_from_text), AfterValidator(_not_in_future)]
#: As :data:`PastDate`, and a blank entry becomes None.
OptionalPastDate = Annotated[date | None, BeforeValidator(_date_from_text), AfterValidator(_not_in_future)]
#: Any day, past or future (a due window, an appointment), typed as on every form or given as a date.
DayDate = Annotated[date, BeforeValidator(_date_from_text)]
