"""TCM clocks (domain.md 3.1) to the day: Fridays, weekends, observed holidays, a discharge on a holiday, year
end, leap day; which discharges qualify; a stay's own rules and its risk scores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord_desktop.domain.calendar import PracticeCalendar, business_days_between
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.readmission_risk import CharlsonItem, RiskBand
from carecoord_desktop.domain.stored import Stamps
from carecoord_desktop.domain.transitions import (
    ClockKind,
    ClockStatus,
    Complexity,
    Disposition,
    Stay,
    StayKind,
    StayRecord,
    check_met_on,
    clock_status,
    tcm_dates,
    tcm_qualification,
)

US = PracticeCalendar.of("US")
US_MA = PracticeCalendar.of("US", "MA")


@pytest.mark.parametrize(
    ("discharge", "calendar", "contact_due", "why"),
    [
        (date(2026, 11, 20), US, date(2026, 11, 24), "a Friday discharge is due Tuesday (Noridian)"),
        (date(2026, 11, 21), US, date(2026, 11, 24), "Saturday: Monday and Tuesday are the two days"),
        (date(2026, 11, 23), US, date(2026, 11, 25), "Monday: Wednesday"),
        (date(2026, 11, 25), US, date(2026, 11, 30), "Wednesday before Thanksgiving: Friday, then Monday"),
        (date(2026, 11, 26), US, date(2026, 11, 30), "discharged on Thanksgiving itself"),
        (date(2026, 12, 24), US, date(2026, 12, 29), "Christmas Friday and the weekend are skipped"),
        (
            date(2026, 7, 2),
            US,
            date(2026, 7, 7),
            "July 4 is a Saturday: the observed Friday July 3 is skipped",
        ),
        (date(2026, 12, 30), US, date(2027, 1, 4), "year end: New Year's Day Friday, then the weekend"),
        (date(2028, 2, 28), US, date(2028, 3, 1), "leap year: February 29 is a business day"),
        (date(2027, 4, 16), US_MA, date(2027, 4, 21), "Patriots' Day in Massachusetts only"),
        (date(2027, 4, 16), US, date(2027, 4, 20), "the same Friday elsewhere in the US"),
    ],
)
def test_contact_due_in_two_business_days(
    discharge: date, calendar: PracticeCalendar, contact_due: date, why: str
) -> None:
    assert tcm_dates(discharge, calendar).contact_due == contact_due, why


@pytest.mark.parametrize(
    ("discharge", "high", "moderate", "med_rec", "period_end"),
    [
        (date(2026, 11, 20), date(2026, 11, 27), date(2026, 12, 4), date(2026, 12, 20), date(2026, 12, 19)),
        (date(2026, 12, 30), date(2027, 1, 6), date(2027, 1, 13), date(2027, 1, 29), date(2027, 1, 28)),
        (date(2028, 2, 29), date(2028, 3, 7), date(2028, 3, 14), date(2028, 3, 30), date(2028, 3, 29)),
        (date(2027, 2, 15), date(2027, 2, 22), date(2027, 3, 1), date(2027, 3, 17), date(2027, 3, 16)),
    ],
)
def test_calendar_day_clocks_count_the_discharge_day_as_day_0(
    discharge: date, high: date, moderate: date, med_rec: date, period_end: date
) -> None:
    dates = tcm_dates(discharge, US)
    assert (dates.visit_due_high, dates.visit_due_moderate) == (high, moderate)
    assert (dates.med_rec_due, dates.period_end) == (med_rec, period_end)
    assert dates.visit_due(Complexity.HIGH) == high and dates.visit_due(Complexity.MODERATE) == moderate


@pytest.mark.parametrize(
    ("kind", "disposition", "qualifies"),
    [
        (StayKind.INPATIENT, Disposition.HOME, True),
        (StayKind.INPATIENT, Disposition.HOME_HEALTH, True),
        (StayKind.OBSERVATION, Disposition.ASSISTED_LIVING, True),
        (StayKind.SNF, Disposition.HOME, True),
        (StayKind.ED_VISIT, Disposition.HOME, False),
        (StayKind.INPATIENT, Disposition.SNF, False),
        (StayKind.INPATIENT, Disposition.OTHER_HOSPITAL, False),
        (StayKind.INPATIENT, Disposition.HOSPICE_FACILITY, False),
        (StayKind.INPATIENT, Disposition.DIED, False),
    ],
)
def test_which_discharges_start_tcm(kind: StayKind, disposition: Disposition, qualifies: bool) -> None:
    result = tcm_qualification(kind, disposition)
    assert result.qualifies is qualifies
    assert result.reason


def test_an_ed_visit_says_it_feeds_lace_not_tcm() -> None:
    assert "LACE" in tcm_qualification(StayKind.ED_VISIT, Disposition.HOME).reason


@pytest.mark.parametrize(
    ("today", "met_on", "status"),
    [
        (date(2026, 11, 23), None, ClockStatus.DUE),
        (date(2026, 11, 24), None, ClockStatus.DUE_TODAY),
        (date(2026, 11, 25), None, ClockStatus.OVERDUE),
        (date(2026, 11, 25), date(2026, 11, 24), ClockStatus.MET),
        (date(2026, 11, 25), date(2026, 11, 25), ClockStatus.MET_LATE),
    ],
)
def test_clock_status_against_today(today: date, met_on: date | None, status: ClockStatus) -> None:
    assert clock_status(date(2026, 11, 24), met_on, today) is status


def _stay(**overrides: object) -> Stay:
    data: dict[str, object] = {
        "kind": "inpatient",
        "facility_name": "Mercy General",
        "admitted_on": date(2026, 11, 14),
        "discharged_on": date(2026, 11, 20),
        "admission_type": "emergent",
        "disposition": "home",
        "ed_visits_6m": 1,
        "charlson_items": ["chf", "diabetes"],
    }
    return Stay.model_validate({**data, **overrides})


def _record(stay: Stay, met: dict[ClockKind, date] | None = None) -> StayRecord:
    stamps = Stamps(created_at="x", created_by="nina", updated_at="x", updated_by="nina")
    return StayRecord(id=1, patient_id=1, stay=stay, met=met or {}, entered_in_error=None, stamps=stamps)


def test_a_stay_scores_lace_from_its_dates_and_admission_type() -> None:
    stay = _stay()  # 14th to 20th: 7 days counting both ends
    score = stay.lace()
    assert score is not None
    assert score.points == {"L": 5, "A": 3, "C": 3, "E": 1}
    assert (score.score, score.band) == (12, RiskBand.HIGH)


def test_a_stay_without_the_laboratory_values_has_no_hospital_score() -> None:
    score = _stay().hospital()
    assert score is not None and score.score is None
    assert {item.key for item in score.missing} == {"H", "S", "O", "P", "A"}


def test_an_ed_visit_has_no_risk_score_and_no_clock() -> None:
    visit = _stay(kind="ed_visit", admitted_on=date(2026, 11, 20))
    assert visit.lace() is None and visit.hospital() is None
    assert _record(visit).clocks(date(2026, 11, 21), US) == ()


def test_clocks_of_a_qualifying_discharge_follow_its_complexity() -> None:
    record = _record(_stay(complexity="moderate"), {ClockKind.CONTACT: date(2026, 11, 23)})
    clocks = {c.kind: c for c in record.clocks(date(2026, 11, 25), US)}
    assert clocks[ClockKind.CONTACT].status is ClockStatus.MET
    assert clocks[ClockKind.VISIT].due_on == date(2026, 12, 4)
    assert clocks[ClockKind.VISIT].status is ClockStatus.DUE
    assert clocks[ClockKind.MED_REC].due_on == date(2026, 12, 20)


def test_a_discharge_before_the_admission_is_refused_next_to_the_discharge_date() -> None:
    with pytest.raises(ValueError, match="discharge date cannot be before"):
        _stay(discharged_on=date(2026, 11, 10))


def test_met_dates_must_fall_between_discharge_and_today() -> None:
    stay = _stay()
    check_met_on(stay, date(2026, 11, 20), today=date(2026, 11, 25))
    with pytest.raises(ValidationFailed, match="from the discharge day"):
        check_met_on(stay, date(2026, 11, 19), today=date(2026, 11, 25))
    with pytest.raises(ValidationFailed, match="future"):
        check_met_on(stay, date(2026, 11, 26), today=date(2026, 11, 25))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_contact_due_is_the_second_business_day_after_discharge(discharge: date) -> None:
    due = tcm_dates(discharge, US).contact_due
    assert US.is_business_day(due)
    assert business_days_between(discharge, due, US) == 2
    assert timedelta(days=2) <= due - discharge <= timedelta(days=10)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_calendar_day_clocks_ignore_weekends_and_holidays(discharge: date) -> None:
    dates = tcm_dates(discharge, US)
    assert (dates.visit_due_high - discharge).days == 7
    assert (dates.visit_due_moderate - discharge).days == 14
    assert (dates.period_end - discharge).days == 29
    assert dates.contact_due <= dates.visit_due_high <= dates.visit_due_moderate < dates.period_end


def test_charlson_items_known_as_none_score_zero_but_unknown_stay_missing() -> None:
    known_none = _stay(charlson_items=[]).lace()
    unknown = _stay(charlson_items=None).lace()
    assert known_none is not None and known_none.points["C"] == 0
    assert unknown is not None and unknown.points["C"] is None
    assert CharlsonItem.CHF.weight == 2
