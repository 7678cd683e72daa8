"""Readmission risk: the LACE index (domain.md 6.1) and the HOSPITAL score (6.2), item by item.

Each item is scored only from an input that is known. A missing input stays missing: its points are None,
the total is None, and the explanation says what is missing (never scored as zero). Pure: callers pass the
inputs; nothing here reads a clock or stores anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class CharlsonItem(StrEnum):
    """The Charlson conditions with the weights used with LACE (BMJ Open 2017 Table 1, domain.md 6.1)."""

    PRIOR_MI = "prior_mi"
    CEREBROVASCULAR = "cerebrovascular"
    PERIPHERAL_VASCULAR = "peripheral_vascular"
    DIABETES = "diabetes"
    PEPTIC_ULCER = "peptic_ulcer"
    CHF = "chf"
    COPD = "copd"
    MILD_LIVER = "mild_liver"
    DIABETES_END_ORGAN = "diabetes_end_organ"
    TUMOUR = "tumour"
    RENAL = "renal"
    DEMENTIA = "dementia"
    CONNECTIVE_TISSUE = "connective_tissue"
    SEVERE_LIVER = "severe_liver"
    HIV_AIDS = "hiv_aids"
    METASTATIC = "metastatic"

    @property
    def label(self) -> str:
        return CHARLSON_LABELS[self]

    @property
    def weight(self) -> int:
        return CHARLSON_WEIGHTS[self]


_C = CharlsonItem
CHARLSON_WEIGHTS: Final[dict[CharlsonItem, int]] = {
    _C.PRIOR_MI: 1,
    _C.CEREBROVASCULAR: 1,
    _C.PERIPHERAL_VASCULAR: 1,
    _C.DIABETES: 1,
    _C.PEPTIC_ULCER: 1,
    _C.CHF: 2,
    _C.COPD: 2,
    _C.MILD_LIVER: 2,
    _C.DIABETES_END_ORGAN: 2,
    _C.TUMOUR: 2,
    _C.RENAL: 2,
    _C.DEMENTIA: 3,
    _C.CONNECTIVE_TISSUE: 3,
    _C.SEVERE_LIVER: 4,
    _C.HIV_AIDS: 4,
    _C.METASTATIC: 6,
}
CHARLSON_LABELS: Final[dict[CharlsonItem, str]] = {
    _C.PRIOR_MI: "Prior myocardial infarction",
    _C.CEREBROVASCULAR: "Cerebrovascular disease",
    _C.PERIPHERAL_VASCULAR: "Peripheral vascular disease",
    _C.DIABETES: "Diabetes without complications",
    _C.PEPTIC_ULCER: "Peptic ulcer disease",
    _C.CHF: "Congestive heart failure",
    _C.COPD: "COPD",
    _C.MILD_LIVER: "Mild liver disease",
    _C.DIABETES_END_ORGAN: "Diabetes with end-organ damage",
    _C.TUMOUR: "Any tumour, leukaemia or lymphoma",
    _C.RENAL: "Moderate or severe renal disease",
    _C.DEMENTIA: "Dementia",
    _C.CONNECTIVE_TISSUE: "Connective tissue disease",
    _C.SEVERE_LIVER: "Moderate or severe liver disease",
    _C.HIV_AIDS: "HIV/AIDS",
    _C.METASTATIC: "Metastatic solid tumour",
}


def charlson_score(items: Iterable[CharlsonItem]) -> int:
    """The Charlson score with LACE weights: the sum of each condition present (each counted once)."""
    return sum(item.weight for item in set(items))


class RiskBand(StrEnum):
    LOW = "low"
    INTERMEDIATE = "intermediate"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class ScoreItem:
    """One item of a score: what it is, the input it was scored from, and its points (None: input missing)."""

    key: str
    label: str
    value: str  # the input as a person reads it ("4 days", "yes"), or "missing"
    points: int | None

    @property
    def missing(self) -> bool:
        return self.points is None


@dataclass(frozen=True)
class RiskScore:
    name: str  # "LACE" or "HOSPITAL"
    items: tuple[ScoreItem, ...]
    band: RiskBand | None  # None while any input is missing

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing(self) -> tuple[ScoreItem, ...]:
        return tuple(item for item in self.items if item.points is None)

    @property
    def known_points(self) -> int:
        """The sum of the items that could be scored (the whole score when nothing is missing)."""
        return sum(item.points for item in self.items if item.points is not None)

    @property
    def score(self) -> int | None:
        return self.known_points if self.complete else None

    @property
    def points(self) -> dict[str, int | None]:
        return {item.key: item.points for item in self.items}

    def summary(self) -> str:
        """One line: "LACE 11 (high)", or "LACE incomplete: 6 points so far; missing Charlson score"."""
        if self.score is not None and self.band is not None:
            return f"{self.name} {self.score} ({self.band.value})"
        names = ", ".join(item.label for item in self.missing)
        return f"{self.name} incomplete: {self.known_points} points so far; missing {names}"


MISSING: Final = "missing"


def _yes_no(value: bool | None) -> str:
    return MISSING if value is None else ("yes" if value else "no")


def _count(value: int | None, unit: str) -> str:
    if value is None:
        return MISSING
    return f"{value} {unit}" if value == 1 else f"{value} {unit}s"


def _check_count(name: str, value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{name} cannot be negative")


# -- LACE -------------------------------------------------------------------------------------------
LACE_HIGH_FROM: Final = 10  # >= 10 is high (the cut-off of later studies, domain.md 6.1)


def lace_length_points(days: int) -> int:
    """L: <1 -> 0, 1 -> 1, 2 -> 2, 3 -> 3, 4-6 -> 4, 7-13 -> 5, >=14 -> 7 (the original, not the modified 6)."""
    if days < 1:
        return 0
    if days <= 3:
        return days
    if days <= 6:
        return 4
    if days <= 13:
        return 5
    return 7


def lace_charlson_points(charlson: int) -> int:
    """C: 0-3 -> the same number of points, >=4 -> 5."""
    return charlson if charlson <= 3 else 5


def lace_ed_points(ed_visits: int) -> int:
    """E: ED visits in the 6 months before admission: 0-3 -> the same number, >=4 -> 4."""
    return min(ed_visits, 4)


def lace_band(score: int) -> RiskBand:
    return RiskBand.HIGH if score >= LACE_HIGH_FROM else RiskBand.LOW


def lace(
    *,
    length_of_stay_days: int | None,
    acute_admission: bool | None,
    charlson: int | None,
    ed_visits_6m: int | None,
) -> RiskScore:
    """The LACE index (0-19) from what is known. `length_of_stay_days` is applied to the table as given."""
    for name, value in (
        ("Length of stay", length_of_stay_days),
        ("Charlson score", charlson),
        ("ED visits", ed_visits_6m),
    ):
        _check_count(name, value)
    items = (
        ScoreItem(
            "L",
            "Length of stay",
            _count(length_of_stay_days, "day"),
            None if length_of_stay_days is None else lace_length_points(length_of_stay_days),
        ),
        ScoreItem(
            "A",
            "Acute (emergent) admission",
            _yes_no(acute_admission),
            None if acute_admission is None else (3 if acute_admission else 0),
        ),
        ScoreItem(
            "C",
            "Charlson score",
            MISSING if charlson is None else str(charlson),
            None if charlson is None else lace_charlson_points(charlson),
        ),
        ScoreItem(
            "E",
            "ED visits in the 6 months before",
            _count(ed_visits_6m, "visit"),
            None if ed_visits_6m is None else lace_ed_points(ed_visits_6m),
        ),
    )
    return _scored("LACE", items, lace_band)


# -- HOSPITAL ---------------------------------------------------------------------------------------
HOSPITAL_LOW_UNTIL: Final = 4  # 0-4 low, 5-6 intermediate, >=7 high (domain.md 6.2)
HOSPITAL_HIGH_FROM: Final = 7
HAEMOGLOBIN_LOW_BELOW: Final = 12.0  # g/dL
SODIUM_LOW_BELOW: Final = 135.0  # mmol/L
HOSPITAL_LONG_STAY_FROM: Final = 5  # days


def hospital_admission_points(admissions_12m: int) -> int:
    """A: admissions in the previous 12 months: 0-1 -> 0, 2-5 -> 2, >5 -> 5 (the original bands)."""
    if admissions_12m <= 1:
        return 0
    return 2 if admissions_12m <= 5 else 5


def hospital_band(score: int) -> RiskBand:
    if score <= HOSPITAL_LOW_UNTIL:
        return RiskBand.LOW
    return RiskBand.HIGH if score >= HOSPITAL_HIGH_FROM else RiskBand.INTERMEDIATE


def _flag(key: str, label: str, value: bool | None, points: int) -> ScoreItem:
    return ScoreItem(key, label, _yes_no(value), None if value is None else (points if value else 0))


def hospital(
    *,
    haemoglobin_low: bool | None,
    oncology: bool | None,
    sodium_low: bool | None,
    procedure: bool | None,
    urgent: bool | None,
    admissions_12m: int | None,
    length_of_stay_days: int | None,
) -> RiskScore:
    """The HOSPITAL score (0-13) from what is known."""
    _check_count("Admissions", admissions_12m)
    _check_count("Length of stay", length_of_stay_days)
    items = (
        _flag("H", "Haemoglobin at discharge below 12 g/dL", haemoglobin_low, 1),
        _flag("O", "Discharged from an oncology service", oncology, 2),
        _flag("S", "Sodium at discharge below 135 mmol/L", sodium_low, 1),
        _flag("P", "Procedure during the stay", procedure, 1),
        _flag("IT", "Urgent or emergent admission", urgent, 1),
        ScoreItem(
            "A",
            "Admissions in the previous 12 months",
            _count(admissions_12m, "admission"),
            None if admissions_12m is None else hospital_admission_points(admissions_12m),
        ),
        ScoreItem(
            "L",
            "Length of stay of 5 days or more",
            _count(length_of_stay_days, "day"),
            None if length_of_stay_days is None else (2 if length_of_stay_days >= 5 else 0),
        ),
    )
    return _scored("HOSPITAL", items, hospital_band)


def below(value: float | None, threshold: float) -> bool | None:
    """Whether a measured value is below a threshold; None when it was not measured."""
    return None if value is None else value < threshold


def _scored(name: str, items: tuple[ScoreItem, ...], band_of: Callable[[int], RiskBand]) -> RiskScore:
    complete = all(item.points is not None for item in items)
    total = sum(item.points or 0 for item in items)
    band = band_of(total) if complete else None
    return RiskScore(name, items, band)
