"""One TCM per patient per 30 days (domain.md 3.1): which discharges fall inside an earlier billable period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carecoord_desktop.domain.transitions import Disposition, StayKind, tcm_periods, tcm_qualification

QUALIFIES = tcm_qualification(StayKind.INPATIENT, Disposition.HOME)
TO_SNF = tcm_qualification(StayKind.INPATIENT, Disposition.SNF)
START = date(2026, 11, 2)


def _day(n: int) -> date:
    return START + timedelta(days=n)


@pytest.mark.parametrize(
    ("discharges", "covered"),
    [
        ([0, 29], {2: 0}),  # day 29 is the period's last day (discharge + 29)
        ([0, 30], {}),  # day 30 opens a new period
        ([0, 10, 29, 30], {2: 0, 3: 0}),  # days 10 and 29 inside day 0's period; day 30 opens its own
        ([0, 20, 35], {2: 0}),  # a covered discharge opens no period: day 35 is past day 0's
        ([0, 0], {2: 0}),  # same day: the first recorded bills
    ],
)
def test_discharges_inside_an_open_period_start_no_clock(
    discharges: list[int], covered: dict[int, int]
) -> None:
    stays = [(i + 1, _day(d), QUALIFIES) for i, d in enumerate(discharges)]
    expected = {stay_id: _day(day) for stay_id, day in covered.items()}
    assert tcm_periods(stays) == expected


def test_a_discharge_to_a_facility_opens_no_period_and_order_of_entry_does_not_matter() -> None:
    stays = [(3, _day(12), QUALIFIES), (1, _day(0), TO_SNF), (2, _day(42), QUALIFIES)]  # day 12 + 29 = day 41
    assert tcm_periods(stays) == {}
    late_entry = [(7, _day(5), QUALIFIES), (2, _day(0), QUALIFIES)]  # the earlier discharge recorded later
    assert tcm_periods(late_entry) == {7: _day(0)}
