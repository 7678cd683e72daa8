"""How to reach a patient and what they allowed: phones, email, address, preferences, consents, caregivers.

Everything that contacts a patient later (call lists, reminders, letters) asks :func:`may_contact` first.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Final, Self, TypeVar

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from carecoord_desktop.domain.validation import (
    OptionalText,
    PastDate,
    Text,
    require_text,
    rules_for,
    user_error,
)

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")

# ---------------------------------------------------------------------------------------------- phones


class InvalidPhoneNumber(ValueError):
    """A phone number a person typed that cannot be dialled; ``str()`` is the sentence to show them."""


def _phone_example(region: str) -> str:
    if region == "US":
        return "(617) 555-0142"
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if example is None:
        return "+1 617 555 0142"
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


def normalize_phone(text: str, region: str = "US") -> str:
    """The number in E.164 (``+16175550142``), with ``;ext=123`` appended when an extension was typed.

    ``region`` is the practice's country, used when the number is written without a country code.
    Raises :class:`InvalidPhoneNumber` with a plain-English message.
    """
    needs_area_code = f"Enter a phone number with area code, e.g. {_phone_example(region)}"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        if error.error_type == phonenumbers.NumberParseException.TOO_LONG:
            raise InvalidPhoneNumber("This phone number has too many digits") from None
        raise InvalidPhoneNumber(needs_area_code) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        raise InvalidPhoneNumber("This phone number has too many digits")
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidPhoneNumber(needs_area_code)
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("This is not a valid phone number; check the area code and the number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


def format_phone(e164: str, region: str = "US") -> str:
    """national format in the practice's country, ``(617) 555-0142``; international otherwise."""
    main, _, extension = e164.partition(";ext=")
    try:
        number = phonenumbers.parse(main, region)
    except phonenumbers.NumberParseException:
        return e164
    same_country = phonenumbers.region_code_for_number(number) == region
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if same_country
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    shown = phonenumbers.format_number(number, style)
    return f"{shown} ext. {extension}" if extension else shown


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _validate_phone(value: str | None, info: ValidationInfo) -> str | None:
    if value is None:
        return None
    try:
        return normalize_phone(value, rules_for(info).phone_region)
    except InvalidPhoneNumber as error:
        raise user_error("phone_invalid", str(error)) from None


#: A phone number normalized to E.164 with the practice's default region; blank is None.
OptionalPhoneNumber = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_validate_phone)]


class PhoneKind(StrEnum):
    MOBILE = "mobile"
    HOME = "home"
    WORK = "work"


class PatientPhones(BaseModel):
    model_config = _MODEL_CONFIG

    mobile: OptionalPhoneNumber = None
    home: OptionalPhoneNumber = None
    work: OptionalPhoneNumber = None

    def numbers(self) -> dict[PhoneKind, str]:
        """The numbers on file, mobile first."""
        found = {PhoneKind.MOBILE: self.mobile, PhoneKind.HOME: self.home, PhoneKind.WORK: self.work}
        return {kind: number for kind, number in found.items() if number}


# ---------------------------------------------------------------------------------------------- email

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}")


def _validate_email(value: str | None) -> str | None:
    if value is None:
        return None
    if not _EMAIL.fullmatch(value):
        raise user_error("email_invalid", "Enter an email address like name@example.com")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


#: An email address, domain lower-cased; blank is None.
OptionalEmail = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_validate_email)]

# ---------------------------------------------------------------------------------------------- address

_STATE_CODES = """
    AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ
    NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP AA AE AP
"""
#: USPS codes: the states, DC, the territories and the military "states".
US_STATES: Final = frozenset(_STATE_CODES.split())
_ZIP = re.compile(r"(\d{5})-?(\d{4})?")


class PostalAddress(BaseModel):
    model_config = _MODEL_CONFIG

    country: str = Field(default="US", description="ISO 3166 two-letter code")
    line1: Text = Field(max_length=100)
    line2: OptionalText = Field(default=None, max_length=100)
    city: Text = Field(max_length=60)
    state: OptionalText = Field(default=None, max_length=40, validate_default=True)
    postal_code: Text = Field(max_length=12)

    @field_validator("line1", "city", "postal_code", mode="before")
    @classmethod
    def _required(cls, value: object, info: ValidationInfo) -> object:
        messages = {
            "line1": "Enter the street address",
            "city": "Enter the city",
            "postal_code": "Enter the ZIP or postal code",
        }
        return require_text(value, messages[info.field_name or ""])

    @field_validator("country", mode="before")
    @classmethod
    def _country_code(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return "US"
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
            raise user_error("country_invalid", "Use the two-letter country code, e.g. US")
        return value.strip().upper()

    @field_validator("state")
    @classmethod
    def _us_state(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("country") != "US":
            return value
        if value is None or value.upper() not in US_STATES:
            raise user_error("state_invalid", "Enter the two-letter state code, e.g. MA")
        return value.upper()

    @field_validator("postal_code")
    @classmethod
    def _us_zip(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("country") != "US":
            return value.upper()
        match = _ZIP.fullmatch(value)
        if match is None:
            raise user_error("zip_invalid", "Enter a 5-digit ZIP code, e.g. 02139")
        return f"{match[1]}-{match[2]}" if match[2] else match[1]

    def one_line(self) -> str:
        parts = [self.line1, self.line2, self.city, f"{self.state or ''} {self.postal_code}".strip()]
        if self.country != "US":
            parts.append(self.country)
        return ", ".join(part for part in parts if part)


# ---------------------------------------------------------------------------------------------- preferences


class ContactChannel(StrEnum):
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    MAIL = "mail"


class BestTime(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"


class ContactConsent(BaseModel):
    """The patient's answer to one kind of contact (voicemail, texts, email), and when they gave it."""

    model_config = _MODEL_CONFIG

    granted: bool
    recorded_on: PastDate


class CaregiverRelationship(StrEnum):
    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    FRIEND = "friend"
    PAID_CAREGIVER = "paid_caregiver"
    LEGAL_GUARDIAN = "legal_guardian"
    OTHER = "other"


class SharingScope(StrEnum):
    """What the patient allowed the practice to discuss with a caregiver."""

    APPOINTMENTS = "appointments"
    MEDICATIONS = "medications"
    CARE_PLAN = "care_plan"
    TEST_RESULTS = "test_results"
    BILLING = "billing"
    ALL_HEALTH_INFORMATION = "all_health_information"


_Enum = TypeVar("_Enum", bound=StrEnum)


def _ordered_unique(values: tuple[_Enum, ...]) -> tuple[_Enum, ...]:
    """Deduplicated in declaration order, so equal records compare and serialize equal."""
    if not values:
        return values
    order = list(type(values[0]))
    return tuple(sorted(set(values), key=order.index))


class SharingAuthorization(BaseModel):
    model_config = _MODEL_CONFIG

    authorized: bool
    authorized_on: PastDate
    scopes: tuple[SharingScope, ...] = ()
    expires_on: date | None = None
    note: OptionalText = Field(default=None, max_length=500)

    @field_validator("scopes")
    @classmethod
    def _ordered(cls, value: tuple[SharingScope, ...]) -> tuple[SharingScope, ...]:
        return _ordered_unique(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.authorized and not self.scopes:
            raise user_error("scope_missing", "Choose what may be shared with this person", field="scopes")
        if not self.authorized and self.scopes:
            raise user_error(
                "scope_unexpected", "Sharing was declined, so clear what may be shared", field="scopes"
            )
        if self.expires_on is not None and self.expires_on < self.authorized_on:
            raise user_error(
                "expiry_before_start",
                "The authorization cannot expire before it was given",
                field="expires_on",
            )
        return self

    def in_force(self, on: date) -> bool:
        return self.authorized and (self.expires_on is None or on <= self.expires_on)


class Caregiver(BaseModel):
    """Family, friend or paid caregiver; ``sharing`` None means the patient was never asked."""

    model_config = _MODEL_CONFIG

    name: Text = Field(max_length=120)
    relationship: CaregiverRelationship
    phone: OptionalPhoneNumber = None
    email: OptionalEmail = None
    is_emergency_contact: bool = False
    is_health_care_proxy: bool = False
    sharing: SharingAuthorization | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name_required(cls, value: object) -> object:
        return require_text(value, "Enter the caregiver's name")

    def may_receive(self, scope: SharingScope, on: date) -> bool:
        """Whether the patient's authorization covers discussing ``scope`` with this person on ``on``."""
        sharing = self.sharing
        if sharing is None or not sharing.in_force(on):
            return False
        return scope in sharing.scopes or SharingScope.ALL_HEALTH_INFORMATION in sharing.scopes


class ContactPreferences(BaseModel):
    model_config = _MODEL_CONFIG

    preferred_channel: ContactChannel | None = None
    best_time: BestTime | None = None
    best_time_note: OptionalText = Field(default=None, max_length=200)
    voicemail_consent: ContactConsent | None = None
    text_consent: ContactConsent | None = None
    email_consent: ContactConsent | None = None
    caregivers: tuple[Caregiver, ...] = ()
    do_not_contact: tuple[ContactChannel, ...] = ()
    do_not_contact_reason: OptionalText = Field(default=None, max_length=500)

    @field_validator("do_not_contact")
    @classmethod
    def _ordered(cls, value: tuple[ContactChannel, ...]) -> tuple[ContactChannel, ...]:
        return _ordered_unique(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        channel = self.preferred_channel
        if channel is not None and channel in self.do_not_contact:
            raise user_error(
                "preferred_channel_blocked",
                f"The patient asked not to be contacted by {channel.value}; choose another preferred channel",
                field="preferred_channel",
            )
        declined = {
            ContactChannel.TEXT: self.text_consent is not None and not self.text_consent.granted,
            ContactChannel.EMAIL: self.email_consent is not None and not self.email_consent.granted,
        }
        if channel is not None and declined.get(channel, False):
            raise user_error(
                "preferred_channel_declined",
                f"The patient declined contact by {channel.value}; choose another preferred channel",
                field="preferred_channel",
            )
        return self


def may_contact(preferences: ContactPreferences, channel: ContactChannel) -> bool:
    """Whether the practice may reach out by ``channel``: not blocked; texts and email need a yes on file."""
    if channel in preferences.do_not_contact:
        return False
    consent = {
        ContactChannel.TEXT: preferences.text_consent,
        ContactChannel.EMAIL: preferences.email_consent,
    }
    if channel in consent:
        given = consent[channel]
        return given is not None and given.granted
    return True


def may_leave_voicemail(preferences: ContactPreferences) -> bool:
    consent = preferences.voicemail_consent
    return may_contact(preferences, ContactChannel.PHONE) and consent is not None and consent.granted
