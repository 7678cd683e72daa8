"""Transitions of care: a stay as entered, which discharges start TCM, and the TCM clocks (domain.md 3.1).

- Qualifying discharges: an inpatient, observation or SNF stay ending in a community setting (home, home
  with home health, assisted living). An ED visit feeds LACE's E item and the panel, never a TCM clock; a
  discharge to another facility starts TCM only when the patient later leaves that facility for home.
- Clocks (discharge day = day 0): interactive contact by the 2nd business day after discharge (the
  practice's business-day calendar, the same one as referrals); face-to-face visit by discharge + 7 (high
  complexity, 99496) or + 14 (moderate, 99495) calendar days; medication reconciliation by day 30 (HEDIS MRP,
  the discharge day and the 30 days after it); the 30-day service period ends on discharge + 29.

Pure: callers pass `today` and the calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from carecoord_desktop.domain.calendar import PracticeCalendar, add_business_days
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.readmission_risk import (
    HAEMOGLOBIN_LOW_BELOW,
    SODIUM_LOW_BELOW,
    CharlsonItem,
    RiskScore,
    below,
    charlson_score,
    hospital,
    lace,
)
from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.domain.validation import OptionalPastDate, OptionalText, PastDate, Text, user_error

CONTACT_BUSINESS_DAYS: Final = 2
VISIT_DAYS_HIGH: Final = 7
VISIT_DAYS_MODERATE: Final = 14
MED_REC_DAYS: Final = 30
PERIOD_DAYS: Final = 30  # the service period ends on discharge + 29


class StayKind(StrEnum):
    INPATIENT = "inpatient"
    ED_VISIT = "ed_visit"
    OBSERVATION = "observation"
    SNF = "snf"

    @property
    def label(self) -> str:
        return {
            "inpatient": "Inpatient stay",
            "ed_visit": "ED visit",
            "observation": "Observation stay",
            "snf": "SNF stay",
        }[self.value]

    @property
    def is_hospital_stay(self) -> bool:
        """LACE and HOSPITAL were derived on hospital discharges: inpatient and observation stays."""
        return self in (StayKind.INPATIENT, StayKind.OBSERVATION)


class AdmissionType(StrEnum):
    ELECTIVE = "elective"
    URGENT = "urgent"
    EMERGENT = "emergent"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_acute(self) -> bool:
        """Unplanned: LACE's A item and HOSPITAL's "index admission type urgent/emergent"."""
        return self is not AdmissionType.ELECTIVE


class Disposition(StrEnum):
    HOME = "home"
    HOME_HEALTH = "home_health"
    ASSISTED_LIVING = "assisted_living"
    SNF = "snf"
    REHAB = "rehab"
    OTHER_HOSPITAL = "other_hospital"
    HOSPICE_FACILITY = "hospice_facility"
    DIED = "died"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]

    @property
    def is_community(self) -> bool:
        return self in COMMUNITY_SETTINGS


DISPOSITION_LABELS: Final = {
    Disposition.HOME: "Home",
    Disposition.HOME_HEALTH: "Home with home health",
    Disposition.ASSISTED_LIVING: "Assisted living or rest home",
    Disposition.SNF: "Skilled nursing facility",
    Disposition.REHAB: "Inpatient rehabilitation facility",
    Disposition.OTHER_HOSPITAL: "Transfer to another hospital",
    Disposition.HOSPICE_FACILITY: "Hospice facility",
    Disposition.DIED: "Died",
}
COMMUNITY_SETTINGS: Final = frozenset(
    {Disposition.HOME, Disposition.HOME_HEALTH, Disposition.ASSISTED_LIVING}
)


class Complexity(StrEnum):
    """Medical decision making of the TCM service: it sets the face-to-face deadline."""

    HIGH = "high"
    MODERATE = "moderate"

    @property
    def label(self) -> str:
        return {"high": "High (visit within 7 days, 99496)", "moderate": "Moderate (within 14 days, 99495)"}[
            self.value
        ]

    @property
    def visit_days(self) -> int:
        return VISIT_DAYS_HIGH if self is Complexity.HIGH else VISIT_DAYS_MODERATE


@dataclass(frozen=True)
class Qualification:
    qualifies: bool
    reason: str


def tcm_qualification(kind: StayKind, disposition: Disposition) -> Qualification:
    """Whether this discharge starts the TCM clocks (domain.md 3.1 "Qualifying discharges"), and why."""
    if kind is StayKind.ED_VISIT:
        return Qualification(
            False, "An ED visit is not a TCM discharge; it counts in LACE's ED-visits item and on the panel."
        )
    if disposition is Disposition.DIED:
        return Qualification(False, "The patient died: there is no transition to manage.")
    if not disposition.is_community:
        return Qualification(
            False,
            f"Discharged to a facility ({disposition.label.lower()}), not to a community setting: TCM starts "
            "when the patient is discharged from there to home.",
        )
    return Qualification(
        True, f"{kind.label} discharged to a community setting ({disposition.label.lower()})."
    )


# -- the clocks -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TcmDates:
    discharge: date
    contact_due: date
    visit_due_high: date
    visit_due_moderate: date
    med_rec_due: date
    period_end: date

    def visit_due(self, complexity: Complexity) -> date:
        return self.visit_due_high if complexity is Complexity.HIGH else self.visit_due_moderate


def tcm_dates(discharge: date, calendar: PracticeCalendar) -> TcmDates:
    return TcmDates(
        discharge=discharge,
        contact_due=add_business_days(discharge, CONTACT_BUSINESS_DAYS, calendar),
        visit_due_high=discharge + timedelta(days=VISIT_DAYS_HIGH),
        visit_due_moderate=discharge + timedelta(days=VISIT_DAYS_MODERATE),
        med_rec_due=discharge + timedelta(days=MED_REC_DAYS),
        period_end=discharge + timedelta(days=PERIOD_DAYS - 1),
    )


class ClockKind(StrEnum):
    CONTACT = "contact"
    VISIT = "visit"
    MED_REC = "med_rec"

    @property
    def label(self) -> str:
        return {
            "contact": "Interactive contact",
            "visit": "Face-to-face visit",
            "med_rec": "Medication reconciliation",
        }[self.value]

    @property
    def due_item_kind(self) -> str:
        return f"tcm.{self.value}"

    @property
    def due_item_label(self) -> str:
        return {"contact": "TCM contact", "visit": "TCM visit", "med_rec": "Post-discharge med rec"}[
            self.value
        ]

    @property
    def satisfied_by(self) -> str:
        return SATISFIED_BY[self]


SATISFIED_BY: Final = {
    ClockKind.CONTACT: "a documented two-way contact (phone, video or in person) by the practice's own clinical "
    "staff, or at least 2 documented unsuccessful attempts inside the window",
    ClockKind.VISIT: "a face-to-face visit with the billing practitioner",
    ClockKind.MED_REC: "a medication reconciliation documented in the chart (at the latest at the visit)",
}


class ClockStatus(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    DUE = "due"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "met": "Met",
            "met_late": "Met late",
            "due": "Due",
            "due_today": "Due today",
            "overdue": "Overdue",
        }[self.value]

    @property
    def is_open(self) -> bool:
        return self in (ClockStatus.DUE, ClockStatus.DUE_TODAY, ClockStatus.OVERDUE)


def clock_status(due: date, met_on: date | None, today: date) -> ClockStatus:
    if met_on is not None:
        return ClockStatus.MET if met_on <= due else ClockStatus.MET_LATE
    if today > due:
        return ClockStatus.OVERDUE
    return ClockStatus.DUE_TODAY if today == due else ClockStatus.DUE


@dataclass(frozen=True)
class TcmClock:
    kind: ClockKind
    due_on: date
    met_on: date | None
    status: ClockStatus

    @property
    def label(self) -> str:
        return self.kind.label


# -- a stay as entered ------------------------------------------------------------------------------
Count = Annotated[int | None, Field(default=None, ge=0, le=99)]


class Stay(BaseModel):
    """A hospital stay, ED visit, observation or SNF stay as a person enters it. Stamps come from the service."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: StayKind
    facility_id: int | None = Field(default=None, gt=0)  # a directory entry, when chosen from the directory
    facility_name: Annotated[Text, Field(min_length=1, max_length=200)]
    admitted_on: PastDate
    discharged_on: PastDate
    admission_type: AdmissionType | None = None
    disposition: Disposition
    diagnoses: tuple[Annotated[Text, Field(max_length=200)], ...] = Field(default=(), max_length=20)
    ed_visits_6m: Count = None
    admissions_12m: Count = None
    summary_received_on: OptionalPastDate = None
    complexity: Complexity = Complexity.HIGH  # the earlier deadline until a clinician says otherwise
    charlson_items: tuple[CharlsonItem, ...] | None = None  # None: not assessed; (): assessed, none present
    haemoglobin_g_dl: float | None = Field(default=None, ge=2, le=25)
    sodium_mmol_l: float | None = Field(default=None, ge=90, le=200)
    oncology_service: bool | None = None
    procedure_during_stay: bool | None = None
    note: OptionalText = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.discharged_on < self.admitted_on:
            raise user_error(
                "discharge_before_admission",
                "The discharge date cannot be before the admission date",
                field="discharged_on",
            )
        if self.summary_received_on is not None and self.summary_received_on < self.admitted_on:
            raise user_error(
                "summary_before_admission",
                "The discharge summary cannot arrive before the admission",
                field="summary_received_on",
            )
        return self

    @property
    def nights(self) -> int:
        return (self.discharged_on - self.admitted_on).days

    @property
    def lace_length_of_stay(self) -> int:
        """LACE counts the admission day and the discharge day (domain.md 6.1)."""
        return self.nights + 1

    @property
    def qualification(self) -> Qualification:
        return tcm_qualification(self.kind, self.disposition)

    def lace(self) -> RiskScore | None:
        if not self.kind.is_hospital_stay:
            return None
        return lace(
            length_of_stay_days=self.lace_length_of_stay,
            acute_admission=None if self.admission_type is None else self.admission_type.is_acute,
            charlson=None if self.charlson_items is None else charlson_score(self.charlson_items),
            ed_visits_6m=self.ed_visits_6m,
        )

    def hospital(self) -> RiskScore | None:
        if not self.kind.is_hospital_stay:
            return None
        return hospital(
            haemoglobin_low=below(self.haemoglobin_g_dl, HAEMOGLOBIN_LOW_BELOW),
            oncology=self.oncology_service,
            sodium_low=below(self.sodium_mmol_l, SODIUM_LOW_BELOW),
            procedure=self.procedure_during_stay,
            urgent=None if self.admission_type is None else self.admission_type.is_acute,
            admissions_12m=self.admissions_12m,
            length_of_stay_days=self.nights,
        )


class StayRecord(BaseModel):
    """A stay as stored, with the days its TCM work was done (None: not yet)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    patient_id: int
    stay: Stay
    met: dict[ClockKind, date]
    entered_in_error: EnteredInError | None
    stamps: Stamps
    # The discharge whose open 30-day TCM period this discharge falls in (one TCM per patient per 30 days,
    # domain.md 3.1): set by storage from the patient's other stays (tcm_periods); None: it opens its own.
    within_period_of: date | None = None

    @property
    def is_current(self) -> bool:
        return self.entered_in_error is None

    @property
    def tcm_qualification(self) -> Qualification:
        """Whether this discharge starts billable TCM clocks: a qualifying discharge outside every earlier
        billable discharge's 30-day period."""
        qualification = self.stay.qualification
        if not qualification.qualifies or self.within_period_of is None:
            return qualification
        start = self.within_period_of
        end = start + timedelta(days=PERIOD_DAYS - 1)
        return Qualification(
            False,
            f"Inside the 30-day TCM period of the {start:%m/%d/%Y} discharge (it ends {end:%m/%d/%Y}): one TCM "
            "per patient per 30 days, so this discharge starts no second TCM clock. Its follow-up belongs "
            "to the open TCM period.",
        )

    def clocks(self, today: date, calendar: PracticeCalendar) -> tuple[TcmClock, ...]:
        """The TCM clocks of a billable qualifying discharge (none for any other stay), in deadline order."""
        if not self.tcm_qualification.qualifies:
            return ()
        dates = tcm_dates(self.stay.discharged_on, calendar)
        dues = {
            ClockKind.CONTACT: dates.contact_due,
            ClockKind.VISIT: dates.visit_due(self.stay.complexity),
            ClockKind.MED_REC: dates.med_rec_due,
        }
        return tuple(
            TcmClock(kind, due, self.met.get(kind), clock_status(due, self.met.get(kind), today))
            for kind, due in dues.items()
        )


def tcm_periods(stays: Iterable[tuple[int, date, Qualification]]) -> dict[int, date]:
    """One TCM per patient per 30 days: of one patient's current stays (id, discharge day, qualification),
    those whose discharge falls inside an earlier billable discharge's period (discharge day + 29), each with
    that discharge's day. A discharge inside a period opens none of its own, so the next billable one is the
    first qualifying discharge after the period ends (same-day discharges: the first recorded is billable)."""
    covered: dict[int, date] = {}
    open_since: date | None = None
    for stay_id, discharged_on, qualification in sorted(stays, key=lambda s: (s[1], s[0])):
        if not qualification.qualifies:
            continue
        if open_since is not None and discharged_on <= open_since + timedelta(days=PERIOD_DAYS - 1):
            covered[stay_id] = open_since
        else:
            open_since = discharged_on
    return covered


def check_met_on(stay: Stay, on: date, today: date) -> None:
    """The day TCM work was done: on or after the discharge day, and not in the future."""
    if on > today:
        raise ValidationFailed("That date is in the future.", {"on": "The date cannot be in the future"})
    if on < stay.discharged_on:
        raise ValidationFailed(
            "TCM work counts only from the discharge day on.",
            {"on": "The date cannot be before the discharge"},
        )
