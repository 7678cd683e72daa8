"""Practice-wide settings, declared as data with defaults and validated on every change."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.regions import country_error, subdivision_error
from carecoord_desktop.domain.validation import user_error

IDLE_LOCK_MIN, IDLE_LOCK_MAX = 1, 60
#: Validation context for settings read back from the vault: a country or state saved before they were
#: chosen from lists is read as it is (the calendar has no holidays for it) rather than refusing to sign in.
STORED = {"stored": True}


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


class PracticeSettings(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    practice_name: str = Field(min_length=1, max_length=120)
    time_zone: str = "America/New_York"
    country: str = "US"  # a code from domain/regions.py countries()
    state: str = ""  # "" or a code from regions.subdivisions(country)
    idle_lock_minutes: int = Field(default=10, ge=IDLE_LOCK_MIN, le=IDLE_LOCK_MAX)
    allow_stay_signed_in: bool = False
    backup_policy_days: int = Field(default=1, ge=1, le=30)
    # Days the practice is closed beyond the public holidays of its country and state (business-day rules).
    closures: tuple[date, ...] = Field(default=(), max_length=366)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"'{value}' is not a known time zone, e.g. America/Chicago") from None
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _listed_country(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str) and not _stored(info) and (problem := country_error(value.strip().upper())):
            raise user_error("country_unknown", problem)
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("state", mode="before")
    @classmethod
    def _listed_state(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        state = value.strip().upper()
        country = info.data.get("country")
        if (
            country is not None
            and not _stored(info)
            and (problem := subdivision_error(country, value.strip()))
        ):
            raise user_error("state_unknown", problem)
        return state

    @field_validator("closures")
    @classmethod
    def _sorted_closures(cls, value: tuple[date, ...]) -> tuple[date, ...]:
        return tuple(sorted(set(value)))

    @property
    def calendar(self) -> PracticeCalendar:
        return PracticeCalendar.of(self.country, self.state, self.closures)

    def clock(self) -> PracticeClock:
        return PracticeClock(self.time_zone, self.calendar)
