"""One practice clock: now and today in the practice's time zone, with its calendar.

Services and UI models are handed a clock; domain rules take `today` and the calendar as arguments. Tests fix
the clock (`PracticeClock.fixed`) instead of patching `datetime`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from carecoord_desktop.domain.calendar import PracticeCalendar


def _system_now() -> datetime:
    return datetime.now(UTC)


class PracticeClock:
    def __init__(
        self,
        zone: ZoneInfo | str,
        calendar: PracticeCalendar | None = None,
        source: Callable[[], datetime] = _system_now,
    ) -> None:
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        self.calendar = calendar or PracticeCalendar()
        self._source = source

    @classmethod
    def fixed(
        cls, at: datetime, zone: ZoneInfo | str = "America/New_York", calendar: PracticeCalendar | None = None
    ) -> PracticeClock:
        """A clock stopped at `at` (a naive `at` is read as practice time)."""
        clock = cls(zone, calendar)
        clock.set(at)
        return clock

    def for_practice(self, zone: ZoneInfo | str, calendar: PracticeCalendar) -> PracticeClock:
        """The same time source with a changed time zone or calendar (after the settings change)."""
        return PracticeClock(zone, calendar, self._source)

    def set(self, at: datetime) -> None:
        """Stop the clock at `at` (tests, and the benchmark harness)."""
        aware = at if at.tzinfo is not None else at.replace(tzinfo=self.zone)
        frozen = aware.astimezone(UTC)
        self._source = lambda: frozen

    def now_utc(self) -> datetime:
        return self._source().astimezone(UTC)

    def now(self) -> datetime:
        """Now, in the practice's time zone."""
        return self._source().astimezone(self.zone)

    def today(self) -> date:
        """The practice's today: what 'overdue' and 'due today' are measured against."""
        return self.now().date()

    def local(self, moment: datetime) -> datetime:
        """A stored (UTC) moment in practice time, for display."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone)
