"""Business days as referrals and TCM count them (domain.md 2 and 3): weekends, US holidays with observed
days, state holidays, and the practice's own closures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from carecoord_desktop.domain.calendar import PracticeCalendar, add_business_days, business_days_between
from carecoord_desktop.domain.clock import PracticeClock

US_MA = PracticeCalendar.of("US", "MA")


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24), "Monday + 1 is Tuesday"),
        (date(2026, 11, 25), 1, date(2026, 11, 27), "Thanksgiving (Thu 26) is skipped"),
        (date(2026, 11, 27), 1, date(2026, 11, 30), "Friday + 1 is Monday"),
        (date(2026, 11, 28), 1, date(2026, 11, 30), "Saturday never counts itself"),
        (date(2026, 12, 24), 2, date(2026, 12, 29), "Christmas Friday, then the weekend"),
        (date(2026, 7, 2), 1, date(2026, 7, 6), "July 4 2026 is a Saturday: observed Friday July 3"),
        (date(2026, 4, 17), 1, date(2026, 4, 21), "Patriots' Day (MA, Monday April 20)"),
        (date(2026, 11, 23), 0, date(2026, 11, 23), "zero days is the start itself"),
    ],
)
def test_add_business_days(start: date, n: int, expected: date, why: str) -> None:
    assert add_business_days(start, n, US_MA) == expected, why


def test_state_holiday_only_in_its_state() -> None:
    texas = PracticeCalendar.of("US", "TX")
    assert add_business_days(date(2026, 4, 17), 1, texas) == date(2026, 4, 20)


def test_local_closure_is_skipped_and_named() -> None:
    closed = PracticeCalendar.of("US", "MA", closures=[date(2026, 11, 24)])
    assert add_business_days(date(2026, 11, 23), 1, closed) == date(2026, 11, 25)
    assert closed.holiday_name(date(2026, 11, 24)) == "Practice closure"
    assert US_MA.holiday_name(date(2026, 11, 26)) == "Thanksgiving Day"


def test_business_days_between_matches_adding() -> None:
    start = date(2026, 12, 18)
    for n in range(0, 15):
        assert business_days_between(start, add_business_days(start, n, US_MA), US_MA) == n


def test_unknown_country_has_weekends_only() -> None:
    nowhere = PracticeCalendar.of("ZZ")
    assert add_business_days(date(2026, 12, 24), 1, nowhere) == date(2026, 12, 25)


def test_practice_today_is_in_the_practice_time_zone() -> None:
    # 03:30 UTC on 28 November is still 27 November in New York and already the 28th in London.
    at = datetime(2026, 11, 28, 3, 30, tzinfo=UTC)
    assert PracticeClock.fixed(at, "America/New_York").today() == date(2026, 11, 27)
    assert PracticeClock.fixed(at, "Europe/London").today() == date(2026, 11, 28)
    assert PracticeClock.fixed(at, "America/New_York").now().hour == 22
