"""LACE (domain.md 6.1) and HOSPITAL (6.2) against their published point tables, every band edge, and
missing inputs shown as missing (never scored as zero)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecoord_desktop.domain.readmission_risk import (
    CharlsonItem,
    RiskBand,
    charlson_score,
    hospital,
    hospital_admission_points,
    lace,
    lace_charlson_points,
    lace_ed_points,
    lace_length_points,
)


@pytest.mark.parametrize(
    ("days", "points"),
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 4), (6, 4), (7, 5), (13, 5), (14, 7), (60, 7)],
)
def test_lace_length_of_stay_table(days: int, points: int) -> None:
    assert lace_length_points(days) == points  # 7 for >= 14 (the original), not the modified LACE's 6


@pytest.mark.parametrize(("charlson", "points"), [(0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (12, 5)])
def test_lace_charlson_table(charlson: int, points: int) -> None:
    assert lace_charlson_points(charlson) == points


@pytest.mark.parametrize(("visits", "points"), [(0, 0), (1, 1), (3, 3), (4, 4), (9, 4)])
def test_lace_ed_visits_table(visits: int, points: int) -> None:
    assert lace_ed_points(visits) == points


@pytest.mark.parametrize(
    ("los", "acute", "charlson", "ed", "score", "band"),
    [
        (0, False, 0, 0, 0, RiskBand.LOW),
        (3, True, 3, 0, 9, RiskBand.LOW),  # 3 + 3 + 3 + 0: just under the cut-off
        (4, True, 3, 0, 10, RiskBand.HIGH),  # 4 + 3 + 3 + 0: the cut-off itself
        (14, True, 4, 4, 19, RiskBand.HIGH),  # the maximum
        (7, False, 2, 1, 8, RiskBand.LOW),
    ],
)
def test_lace_total_and_band(
    los: int, acute: bool, charlson: int, ed: int, score: int, band: RiskBand
) -> None:
    result = lace(length_of_stay_days=los, acute_admission=acute, charlson=charlson, ed_visits_6m=ed)
    assert (result.score, result.band) == (score, band)
    assert result.points == {
        "L": lace_length_points(los),
        "A": 3 if acute else 0,
        "C": lace_charlson_points(charlson),
        "E": lace_ed_points(ed),
    }


def test_lace_with_a_missing_input_has_no_score_and_names_what_is_missing() -> None:
    result = lace(length_of_stay_days=5, acute_admission=True, charlson=None, ed_visits_6m=0)
    assert result.score is None and result.band is None
    assert [item.key for item in result.missing] == ["C"]
    assert result.points["C"] is None  # missing, not zero
    assert result.known_points == 7
    assert result.summary() == "LACE incomplete: 7 points so far; missing Charlson score"


def test_charlson_weights_with_lace() -> None:
    assert charlson_score([]) == 0
    assert charlson_score([CharlsonItem.DIABETES, CharlsonItem.CHF]) == 3
    assert charlson_score([CharlsonItem.METASTATIC, CharlsonItem.DEMENTIA]) == 9
    assert charlson_score([CharlsonItem.SEVERE_LIVER, CharlsonItem.SEVERE_LIVER]) == 4  # counted once


@pytest.mark.parametrize(("admissions", "points"), [(0, 0), (1, 0), (2, 2), (5, 2), (6, 5), (20, 5)])
def test_hospital_admissions_table(admissions: int, points: int) -> None:
    assert hospital_admission_points(admissions) == points  # 0-1 / 2-5 / >5, the original bands


def _hospital(**overrides: object) -> dict[str, object]:
    inputs: dict[str, object] = {
        "haemoglobin_low": False,
        "oncology": False,
        "sodium_low": False,
        "procedure": False,
        "urgent": False,
        "admissions_12m": 0,
        "length_of_stay_days": 1,
    }
    return {**inputs, **overrides}


@pytest.mark.parametrize(
    ("overrides", "score", "band"),
    [
        ({}, 0, RiskBand.LOW),
        ({"length_of_stay_days": 4}, 0, RiskBand.LOW),
        ({"length_of_stay_days": 5}, 2, RiskBand.LOW),
        ({"oncology": True, "admissions_12m": 2}, 4, RiskBand.LOW),  # top of low
        ({"oncology": True, "admissions_12m": 2, "urgent": True}, 5, RiskBand.INTERMEDIATE),
        (
            {"oncology": True, "admissions_12m": 2, "urgent": True, "procedure": True},
            6,
            RiskBand.INTERMEDIATE,
        ),
        ({"admissions_12m": 6, "length_of_stay_days": 5}, 7, RiskBand.HIGH),  # bottom of high
        (
            {
                "haemoglobin_low": True,
                "oncology": True,
                "sodium_low": True,
                "procedure": True,
                "urgent": True,
                "admissions_12m": 6,
                "length_of_stay_days": 9,
            },
            13,
            RiskBand.HIGH,
        ),
    ],
)
def test_hospital_total_and_band(overrides: dict[str, object], score: int, band: RiskBand) -> None:
    result = hospital(**_hospital(**overrides))  # type: ignore[arg-type]
    assert (result.score, result.band) == (score, band)


def test_hospital_missing_laboratory_values_are_missing_not_normal() -> None:
    result = hospital(**_hospital(haemoglobin_low=None, sodium_low=None, oncology=True))  # type: ignore[arg-type]
    assert result.score is None and result.band is None
    assert [item.key for item in result.missing] == ["H", "S"]
    assert [item.value for item in result.missing] == ["missing", "missing"]
    assert result.known_points == 2


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="ED visits"):
        lace(length_of_stay_days=1, acute_admission=False, charlson=0, ed_visits_6m=-1)


counts = st.integers(min_value=0, max_value=400)
maybe_counts = st.none() | counts
maybe_flags = st.none() | st.booleans()


@given(los=counts, acute=st.booleans(), charlson=counts, ed=counts)
def test_lace_stays_within_0_to_19_and_is_the_sum_of_its_items(
    los: int, acute: bool, charlson: int, ed: int
) -> None:
    result = lace(length_of_stay_days=los, acute_admission=acute, charlson=charlson, ed_visits_6m=ed)
    assert result.score is not None and 0 <= result.score <= 19
    assert result.score == sum(p for p in result.points.values() if p is not None)
    assert result.band is (RiskBand.HIGH if result.score >= 10 else RiskBand.LOW)


@given(los=counts, charlson=counts, ed=counts)
def test_lace_never_falls_when_an_input_grows(los: int, charlson: int, ed: int) -> None:
    def total(los: int, charlson: int, ed: int) -> int:
        score = lace(length_of_stay_days=los, acute_admission=False, charlson=charlson, ed_visits_6m=ed).score
        assert score is not None
        return score

    base = total(los, charlson, ed)
    assert total(los + 1, charlson, ed) >= base
    assert total(los, charlson + 1, ed) >= base
    assert total(los, charlson, ed + 1) >= base


@given(
    los=maybe_counts,
    acute=maybe_flags,
    charlson=maybe_counts,
    ed=maybe_counts,
)
def test_lace_scores_only_when_every_input_is_known(
    los: int | None, acute: bool | None, charlson: int | None, ed: int | None
) -> None:
    result = lace(length_of_stay_days=los, acute_admission=acute, charlson=charlson, ed_visits_6m=ed)
    unknown = sum(value is None for value in (los, acute, charlson, ed))
    assert len(result.missing) == unknown
    assert (result.score is None) == (unknown > 0)
    assert (result.band is None) == (unknown > 0)


@given(
    h=maybe_flags,
    o=maybe_flags,
    s=maybe_flags,
    p=maybe_flags,
    u=maybe_flags,
    a=maybe_counts,
    los=maybe_counts,
)
def test_hospital_stays_within_0_to_13_and_known_points_never_exceed_it(
    h: bool | None,
    o: bool | None,
    s: bool | None,
    p: bool | None,
    u: bool | None,
    a: int | None,
    los: int | None,
) -> None:
    result = hospital(
        haemoglobin_low=h,
        oncology=o,
        sodium_low=s,
        procedure=p,
        urgent=u,
        admissions_12m=a,
        length_of_stay_days=los,
    )
    assert 0 <= result.known_points <= 13
    unknown = sum(value is None for value in (h, o, s, p, u, a, los))
    assert len(result.missing) == unknown
    assert (result.score is None) == (unknown > 0)
