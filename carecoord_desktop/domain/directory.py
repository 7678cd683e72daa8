"""The directory of outside providers and organizations that referrals (and later care teams) point to."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from carecoord_desktop.domain.contact import OptionalPhoneNumber
from carecoord_desktop.domain.validation import OptionalText, Text, user_error

NPI_PREFIX: Final = "80840"  # the ISO card-issuer prefix the NPI check digit is computed over


class DirectoryKind(StrEnum):
    SPECIALIST = "specialist"
    HOSPITAL = "hospital"
    IMAGING = "imaging"
    LAB = "lab"
    HOME_HEALTH = "home_health"
    PHARMACY = "pharmacy"
    COMMUNITY = "community"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ReferralIntake(StrEnum):
    """How the provider takes referrals."""

    FAX = "fax"
    E_REFERRAL = "e_referral"
    PHONE = "phone"
    PORTAL = "portal"
    MAIL = "mail"

    @property
    def label(self) -> str:
        return {"e_referral": "E-referral (Direct)"}.get(self.value, self.value.capitalize())


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit that makes `digits` + it pass (every second digit from the right doubled)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit of 80840 followed by the first nine (CMS NPI standard)."""
    return (
        len(npi) == 10
        and npi.isascii()
        and npi.isdigit()
        and luhn_check_digit(NPI_PREFIX + npi[:9]) == int(npi[9])
    )


def _check_npi(value: str | None) -> str | None:
    if value is None:
        return None
    compact = "".join(value.split())
    if not npi_is_valid(compact):
        raise user_error(
            "npi_invalid", "An NPI is 10 digits with a valid check digit; check it was typed right"
        )
    return compact


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


OptionalNpi = Annotated[str | None, BeforeValidator(_blank_to_none), AfterValidator(_check_npi)]


class DirectoryEntry(BaseModel):
    """A specialist, hospital, imaging centre, lab, home-health agency, pharmacy or community organization."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    name: Text = Field(max_length=120)
    kind: DirectoryKind = DirectoryKind.SPECIALIST
    specialty: OptionalText = Field(default=None, max_length=80)
    npi: OptionalNpi = None
    phone: OptionalPhoneNumber = None
    fax: OptionalPhoneNumber = None
    address: OptionalText = Field(default=None, max_length=300)
    intake: ReferralIntake = ReferralIntake.FAX
    typical_wait_days: int | None = Field(default=None, ge=0, le=365)
    notes: OptionalText = Field(default=None, max_length=1000)
    active: bool = True
