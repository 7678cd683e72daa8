"""Practice-wide settings, declared as data with defaults and validated on every change."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.clock import PracticeClock

IDLE_LOCK_MIN, IDLE_LOCK_MAX = 1, 60


class PracticeSettings(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    practice_name: str = Field(min_length=1, max_length=120)
    time_zone: str = "America/New_York"
    country: str = Field(default="US", min_length=2, max_length=2)
    state: str = Field(default="", max_length=3)
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

    @field_validator("country", "state")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("closures")
    @classmethod
    def _sorted_closures(cls, value: tuple[date, ...]) -> tuple[date, ...]:
        return tuple(sorted(set(value)))

    @property
    def calendar(self) -> PracticeCalendar:
        return PracticeCalendar.of(self.country, self.state, self.closures)

    def clock(self) -> PracticeClock:
        return PracticeClock(self.time_zone, self.calendar)
