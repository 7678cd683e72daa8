"""The practice's working calendar: which days are business days, and counting them.

Referral overdue rules and TCM deadlines count business days (domain.md 2 and 3): Monday to Friday, minus
public holidays (observed days included) for the practice's country and state, minus the practice's own
closures. Pure: no clock is read here; callers pass the dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import holidays as holiday_tables


@dataclass(frozen=True)
class PracticeCalendar:
    country: str = "US"
    subdivision: str = ""
    closures: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, country: str, subdivision: str = "", closures: Iterable[date] = ()) -> PracticeCalendar:
        return cls(country.upper(), subdivision.upper(), frozenset(closures))

    @cached_property
    def _tables(self) -> tuple[holiday_tables.HolidayBase, ...]:
        """The national table (observed days included) and, where the state has its own, the state's."""
        try:
            national = holiday_tables.country_holidays(self.country, observed=True)
        except NotImplementedError:
            return ()
        subdivisions = holiday_tables.list_supported_countries().get(self.country, [])
        if self.subdivision not in subdivisions:
            return (national,)
        return (
            national,
            holiday_tables.country_holidays(self.country, subdiv=self.subdivision, observed=True),
        )

    def holiday_name(self, day: date) -> str | None:
        """What closes the practice on `day` ("Thanksgiving Day", "Practice closure"), or None."""
        if day in self.closures:
            return "Practice closure"
        for table in self._tables:
            name = table.get(day)
            if name is not None:
                return str(name)
        return None

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None


def add_business_days(start: date, n: int, calendar: PracticeCalendar) -> date:
    """The n-th business day after `start` (day 1 is the first business day after it; `start` never counts).

    n = 0 gives `start` itself. Negative n counts backwards the same way.
    """
    step = 1 if n >= 0 else -1
    day, remaining = start, abs(n)
    while remaining:
        day += timedelta(days=step)
        if calendar.is_business_day(day):
            remaining -= 1
    return day


def business_days_between(start: date, end: date, calendar: PracticeCalendar) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if calendar.is_business_day(day):
            count += 1
    return count
