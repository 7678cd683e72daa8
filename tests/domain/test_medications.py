"""The medication model's input rules: what each status needs, dates, codes, and the words a nurse sees."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from carecoord_desktop.domain.medications import (
    Frequency,
    Medication,
    MedicationKind,
    MedicationStatus,
    ScheduleSlot,
)
from carecoord_desktop.domain.validation import PatientRules, field_errors, validation_failed

TODAY = date(2026, 11, 28)
INPUT = PatientRules().for_input(TODAY).context()
STORED = PatientRules().for_stored().context()


def med(**fields: Any) -> Medication:
    return Medication.model_validate({"display": "Coumadin 5 mg tablet", **fields}, context=INPUT)


def errors(**fields: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        med(**fields)
    return field_errors(caught.value)


def test_a_full_entry_reads_back_normalized() -> None:
    entry = med(
        rxnorm=" 855332 ",
        ingredients=["Warfarin ", "warfarin", ""],
        strength="5 mg",
        form="Oral Tablet",
        dose="1 tablet",
        route="by mouth",
        frequency="once_daily",
        indication="atrial fibrillation",
        start_date="03/14/2024",
        last_dose_taken=datetime(2026, 11, 27, 20, 0),
    )
    assert entry.rxnorm == "855332"
    assert entry.ingredients == ["warfarin"]
    assert entry.coded and entry.is_active
    assert entry.start_date == date(2024, 3, 14)
    assert entry.summary == "Coumadin 5 mg tablet: 1 tablet by mouth once a day"
    assert entry.kind is MedicationKind.PRESCRIPTION


def test_free_text_is_allowed_and_uncoded() -> None:
    entry = med(display="Grandma's sleep tea", kind="herbal")
    assert not entry.coded
    assert entry.kind is MedicationKind.HERBAL
    assert entry.summary == "Grandma's sleep tea"


def test_the_medicine_is_required() -> None:
    assert errors(display="  ") == {"display": "Enter the medicine, e.g. Warfarin 5 mg tablet"}


@pytest.mark.parametrize("code", ["12a4", "000123", "123456789"])
def test_a_bad_rxnorm_code_is_refused_in_plain_words(code: str) -> None:
    assert errors(rxnorm=code)["rxnorm"].startswith("Enter an RxNorm code (RxCUI)")


def test_as_needed_means_prn_and_its_reason_is_kept() -> None:
    entry = med(display="Tylenol 500 mg", frequency="as_needed", prn_reason="headache")
    assert entry.prn
    assert entry.summary == "Tylenol 500 mg: as needed for headache"
    assert errors(prn_reason="pain") == {
        "prn_reason": "A reason for as-needed use only applies to a medicine taken as needed (PRN)"
    }


def test_other_frequency_needs_its_words() -> None:
    assert errors(frequency="other") == {"frequency_text": "Describe how often it is taken"}
    entry = med(frequency="other", frequency_text="Monday, Wednesday and Friday")
    assert entry.how_often == "Monday, Wednesday and Friday"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"status": "on_hold"}, "hold_reason", "Say why the medicine is on hold"),
        (
            {"status": "stopped", "stop_reason": "bleeding"},
            "stopped_on",
            "Enter the date the medicine was stopped",
        ),
        (
            {"status": "stopped", "stopped_on": "2026-11-20"},
            "stop_reason",
            "Say why the medicine was stopped",
        ),
        (
            {"hold_reason": "surgery"},
            "hold_reason",
            "Only a medicine on hold has hold details; this one is active",
        ),
        (
            {"status": "on_hold", "hold_reason": "surgery", "stop_reason": "x"},
            "stop_reason",
            "Only a stopped medicine has a stop date and reason; this one is on hold",
        ),
        (
            {"status": "stopped", "stopped_on": "2026-11-20", "stop_reason": "x", "hold_until": "2026-12-01"},
            "hold_until",
            "Only a medicine on hold has hold details; this one is stopped",
        ),
    ],
)
def test_each_status_carries_its_own_details_and_only_those(
    fields: dict[str, Any], field: str, message: str
) -> None:
    assert errors(**fields) == {field: message}


def test_hold_and_stop_with_their_details() -> None:
    held = med(status="on_hold", hold_reason="colonoscopy", hold_until="2026-12-02")
    assert held.status is MedicationStatus.ON_HOLD and held.hold_until == date(2026, 12, 2)
    stopped = med(status="stopped", stopped_on="2026-11-20", stop_reason="bleeding")
    assert stopped.stopped_on == date(2026, 11, 20) and not stopped.is_active


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"start_date": "2026-11-29"}, "start_date", "Start date cannot be in the future"),
        (
            {"status": "stopped", "stopped_on": "2026-12-01", "stop_reason": "x"},
            "stopped_on",
            "Stop date cannot be in the future",
        ),
        (
            {"last_dose_taken": datetime(2026, 11, 29, 8, 0)},
            "last_dose_taken",
            "The last dose taken cannot be in the future",
        ),
        (
            {"status": "on_hold", "hold_reason": "x", "hold_until": "2026-11-27"},
            "hold_until",
            "The hold must end today or later (the date has passed)",
        ),
        (
            {"start_date": "2026-11-10", "status": "stopped", "stopped_on": "2026-11-01", "stop_reason": "x"},
            "stopped_on",
            "The stop date cannot be before the start date",
        ),
    ],
)
def test_dates_are_checked_against_the_practice_day(fields: dict[str, Any], field: str, message: str) -> None:
    assert errors(**fields) == {field: message}


def test_stored_entries_skip_the_input_only_date_rules() -> None:
    """A hold that ended last week was valid when saved: reading it back must not fail."""
    entry = Medication.model_validate(
        {
            "display": "Metformin",
            "status": "on_hold",
            "hold_reason": "contrast scan",
            "hold_until": "2020-01-01",
        },
        context=STORED,
    )
    assert entry.hold_until == date(2020, 1, 1)


def test_the_first_problem_becomes_one_plain_sentence() -> None:
    with pytest.raises(ValidationError) as caught:
        med(status="on_hold")
    failure = validation_failed(caught.value, "The medicine")
    assert str(failure) == "The medicine could not be saved: hold reason: Say why the medicine is on hold"


@pytest.mark.parametrize(
    ("frequency", "slots", "every_day"),
    [
        (Frequency.ONCE_DAILY, (ScheduleSlot.MORNING,), True),
        (Frequency.TWICE_DAILY, (ScheduleSlot.MORNING, ScheduleSlot.EVENING), True),
        (Frequency.THREE_TIMES_DAILY, (ScheduleSlot.MORNING, ScheduleSlot.NOON, ScheduleSlot.EVENING), True),
        (Frequency.FOUR_TIMES_DAILY, tuple(ScheduleSlot), True),
        (Frequency.AT_BEDTIME, (ScheduleSlot.BEDTIME,), True),
        (Frequency.EVERY_EVENING, (ScheduleSlot.EVENING,), True),
        (Frequency.WEEKLY, (ScheduleSlot.MORNING,), False),
        (Frequency.AS_NEEDED, (), False),
        (Frequency.OTHER, (), False),
    ],
)
def test_each_frequency_knows_its_place_on_the_daily_grid(
    frequency: Frequency, slots: tuple[ScheduleSlot, ...], every_day: bool
) -> None:
    assert frequency.slots == slots
    assert frequency.every_day is every_day
    assert frequency.label
