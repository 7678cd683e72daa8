"""Every date and time on screen, in one format and in the practice's time zone (never the workstation's).

Stored moments are UTC text ("2026-03-04T15:20:00.000000Z"); `format_stamp` shows them through the
practice clock, so the chart footer, the History tab and the audit trail agree on the same event.
"""

from __future__ import annotations

from datetime import date, datetime

from carecoord_desktop.domain.clock import PracticeClock

EM_DASH = "—"
DATE_FORMAT = "%m/%d/%Y"  # what people type too (domain/validation parses it)
TIME_FORMAT = "%I:%M %p"
TIME_FORMAT_SECONDS = "%I:%M:%S %p"


def format_date(value: date | str | None) -> str:
    """A date (or ISO date text) as MM/DD/YYYY; a dash for nothing."""
    if value is None or value == "":
        return EM_DASH
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime(DATE_FORMAT)
        except ValueError:
            return value
    return value.strftime(DATE_FORMAT)


def format_moment(moment: datetime, clock: PracticeClock, *, seconds: bool = False) -> str:
    """A moment in practice time: '03/04/2026 10:20 AM'."""
    local = clock.local(moment)
    return f"{local.strftime(DATE_FORMAT)} {local.strftime(TIME_FORMAT_SECONDS if seconds else TIME_FORMAT)}"


def parse_stamp(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def format_stamp(stamp: str, clock: PracticeClock, *, seconds: bool = False) -> str:
    """A stored UTC timestamp in practice time (the text itself when it is not one)."""
    moment = parse_stamp(stamp)
    return stamp if moment is None else format_moment(moment, clock, seconds=seconds)
