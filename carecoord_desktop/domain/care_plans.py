"""A patient's care plan: the nine CMS chronic-care elements (domain.md 5.1), its reviews and its versions.

- One active plan per patient. A revision makes a new version (the old one is kept, superseded) with what
  changed; a correction edits the current version in place (the previous text goes to history).
- Goals are measurable (what is measured, the target, a due date) with FHIR Goal's lifecycle and
  achievement status; interventions have a responsible person (staff, an outside provider from the
  directory, or the patient) and a due date or a frequency (FHIR CarePlan.activity.detail).
- Medication management refers to the patient's current medication list (a reference, never a copy);
  coordination entries may refer to a referral.
- Review schedule: every N months (at most 12, the CCM convention) from the plan or its last review.

Pure: callers pass `today`.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from carecoord_desktop.domain.care_plan_templates import (
    MAX_ITEMS,
    Lines,
    ResponsibleRole,
    TemplateText,
)
from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.domain.validation import (
    OptionalText,
    Text,
    parse_date_text,
    require_text,
    rules_for,
    user_error,
)

_FROZEN: Final = ConfigDict(frozen=True, extra="forbid")
MAX_REVIEW_MONTHS: Final = 12
REVIEW_DUE_KIND: Final = "care_plan.review"


def _typed_date(value: object, info: ValidationInfo) -> object:
    """A date as typed on a form (MM/DD/YYYY and the other forms people type); blank is none. Plan dates
    lie ahead, so no "not in the future" rule."""
    if isinstance(value, str):
        if not value.strip():
            return None
        parsed = parse_date_text(value, rules_for(info).reference_date())
        if parsed is None:
            raise user_error("date_unreadable", "Enter a date such as 06/30/2027")
        return parsed
    return value


PlanDate = Annotated[date, BeforeValidator(_typed_date)]
OptionalPlanDate = Annotated[date | None, BeforeValidator(_typed_date)]


def add_months(start: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class GoalLifecycle(StrEnum):
    """FHIR R4 Goal.lifecycleStatus."""

    PROPOSED = "proposed"
    PLANNED = "planned"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ENTERED_IN_ERROR = "entered-in-error"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (
            GoalLifecycle.PROPOSED,
            GoalLifecycle.PLANNED,
            GoalLifecycle.ACCEPTED,
            GoalLifecycle.ACTIVE,
        )


class GoalAchievement(StrEnum):
    """FHIR R4 Goal.achievementStatus."""

    IN_PROGRESS = "in-progress"
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no-change"
    ACHIEVED = "achieved"
    SUSTAINING = "sustaining"
    NOT_ACHIEVED = "not-achieved"
    NO_PROGRESS = "no-progress"
    NOT_ATTAINABLE = "not-attainable"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class ActivityStatus(StrEnum):
    """FHIR R4 CarePlan.activity.detail.status (entered-in-error and unknown left out: not chosen by hand)."""

    NOT_STARTED = "not-started"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in-progress"
    ON_HOLD = "on-hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (ActivityStatus.NOT_STARTED, ActivityStatus.SCHEDULED, ActivityStatus.IN_PROGRESS)


class ResponsibleKind(StrEnum):
    STAFF = "staff"  # a staff account of the practice
    OUTSIDE = "outside"  # an outside provider or agency from the directory
    PATIENT = "patient"  # the patient (and family)

    @property
    def label(self) -> str:
        return {"staff": "Practice staff", "outside": "Outside provider", "patient": "Patient"}[self.value]


class Responsible(BaseModel):
    """Who does an intervention. `name` is stamped by the service from the staff list or the directory."""

    model_config = _FROZEN
    kind: ResponsibleKind = ResponsibleKind.PATIENT
    staff_id: int | None = Field(default=None, gt=0)
    directory_id: int | None = Field(default=None, gt=0)
    name: OptionalText = Field(default=None, max_length=120)
    role: ResponsibleRole | None = None

    @model_validator(mode="after")
    def _who(self) -> Self:
        if self.kind is ResponsibleKind.STAFF and self.staff_id is None:
            raise user_error(
                "responsible_staff", "Choose the staff member who is responsible", field="staff_id"
            )
        if self.kind is ResponsibleKind.OUTSIDE and self.directory_id is None and not self.name:
            raise user_error(
                "responsible_outside", "Choose the outside provider from the directory", field="name"
            )
        return self


class Goal(BaseModel):
    model_config = _FROZEN
    description: Text = Field(max_length=300)
    measure: Text = Field(max_length=120)
    target: Text = Field(max_length=120)
    due_on: OptionalPlanDate = None
    lifecycle: GoalLifecycle = GoalLifecycle.ACTIVE
    achievement: GoalAchievement | None = GoalAchievement.IN_PROGRESS

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: object) -> object:
        return require_text(value, "Describe the goal")

    @field_validator("measure", mode="before")
    @classmethod
    def _measure(cls, value: object) -> object:
        return require_text(value, "Say what is measured, e.g. A1C blood test")

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: object) -> object:
        return require_text(value, "Give the target, e.g. below 7%")


class Intervention(BaseModel):
    model_config = _FROZEN
    description: Text = Field(max_length=300)
    responsible: Responsible = Responsible()
    due_on: OptionalPlanDate = None
    frequency: OptionalText = Field(default=None, max_length=80)
    status: ActivityStatus = ActivityStatus.NOT_STARTED

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: object) -> object:
        return require_text(value, "Describe the intervention")

    @model_validator(mode="after")
    def _when(self) -> Self:
        if self.due_on is None and not self.frequency:
            raise user_error(
                "intervention_when", "Give a due date or how often it happens", field="frequency"
            )
        return self


class PlanProblem(BaseModel):
    """A problem from the chart's problem list, as the plan addresses it."""

    model_config = _FROZEN
    text: Text = Field(max_length=200)
    code: OptionalText = Field(default=None, max_length=20)


class CommunityService(BaseModel):
    model_config = _FROZEN
    service: Text = Field(max_length=200)
    contact: OptionalText = Field(default=None, max_length=200)

    @field_validator("service", mode="before")
    @classmethod
    def _service(cls, value: object) -> object:
        return require_text(value, "Name the service, e.g. Meals on Wheels")


class Coordination(BaseModel):
    """How an outside provider's or agency's care is directed and coordinated; may point at a referral."""

    model_config = _FROZEN
    provider: Text = Field(max_length=120)
    directory_id: int | None = Field(default=None, gt=0)
    referral_id: int | None = Field(default=None, gt=0)
    how: Text = Field(max_length=300)

    @field_validator("provider", mode="before")
    @classmethod
    def _provider(cls, value: object) -> object:
        return require_text(value, "Name the outside provider or agency")

    @field_validator("how", mode="before")
    @classmethod
    def _how(cls, value: object) -> object:
        return require_text(value, "Say how their care is coordinated, e.g. reports faxed to the PCP")


class CarePlan(BaseModel):
    """The nine elements as the nurse enters them (dates are plain dates: due dates lie ahead)."""

    model_config = _FROZEN
    title: Text = Field(max_length=120)
    language: str = "en"  # the language the plan's own words are written in
    template_keys: tuple[str, ...] = ()
    problems: tuple[PlanProblem, ...] = Field(default=(), max_length=MAX_ITEMS)  # 1
    expected_outcome: OptionalText = Field(default=None, max_length=1000)  # 2
    prognosis: OptionalText = Field(default=None, max_length=1000)
    goals: tuple[Goal, ...] = Field(default=(), max_length=MAX_ITEMS)  # 3
    symptom_management: Lines = ()  # 4
    interventions: tuple[Intervention, ...] = Field(default=(), max_length=MAX_ITEMS)  # 5
    medication_management: OptionalText = Field(default=None, max_length=1000)  # 6
    community_services: tuple[CommunityService, ...] = Field(default=(), max_length=MAX_ITEMS)  # 7
    coordination: tuple[Coordination, ...] = Field(default=(), max_length=MAX_ITEMS)  # 8
    review_every_months: int = Field(default=6, ge=1, le=MAX_REVIEW_MONTHS)  # 9
    next_review_on: PlanDate
    education: Lines = ()
    call_us_if: Lines = ()
    call_911_if: Lines = ()

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> object:
        return require_text(value, "Give the plan a title, e.g. Diabetes and heart failure care plan")

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("en", "es"):
            raise user_error("plan_language", "Write the plan in English or Spanish")
        return value

    def review_due(self, today: date) -> bool:
        return self.next_review_on <= today


def check_next_review(plan: CarePlan, start: date) -> str | None:
    """Why the plan's next review date cannot be accepted on `start` (None: it can)."""
    if plan.next_review_on <= start:
        return "The next review must be after today."
    if plan.next_review_on > add_months(start, MAX_REVIEW_MONTHS):
        return "Review the plan at least every 12 months: choose an earlier next review date."
    return None


def from_templates(
    texts: list[tuple[str, TemplateText, int]], today: date, language: str, problems: tuple[PlanProblem, ...]
) -> dict[str, Any]:
    """A new plan's fields prefilled from templates ((key, text in the plan's language, review months) each):
    their goals (due dates from today), interventions (the patient's own are theirs; the rest await a
    responsible person chosen by the nurse), symptom management, education and red flags, each once."""
    goals: list[dict[str, object]] = []
    interventions: list[dict[str, Any]] = []
    lists: dict[str, list[str]] = {
        "symptom_management": [],
        "education": [],
        "call_us_if": [],
        "call_911_if": [],
    }
    outcomes: list[str] = []
    for _key, text, _months in texts:
        goals += [
            {
                "description": g.description,
                "measure": g.measure,
                "target": g.target,
                "due_on": add_months(today, g.due_in_months),
                "lifecycle": GoalLifecycle.ACTIVE.value,
                "achievement": GoalAchievement.IN_PROGRESS.value,
            }
            for g in text.goals
        ]
        for i in text.interventions:
            kind = (
                ResponsibleKind.PATIENT if i.responsible is ResponsibleRole.PATIENT else ResponsibleKind.STAFF
            )
            interventions.append(
                {
                    "description": i.description,
                    "frequency": i.frequency,
                    "responsible": {"kind": kind.value, "role": i.responsible.value},
                }
            )
        for name, found in lists.items():
            found += [line for line in getattr(text, name) if line not in found]
        if text.expected_outcome:
            outcomes.append(text.expected_outcome)
    months = min((m for _k, _t, m in texts), default=6)
    names = (
        " and ".join(t.name for _k, t, _m in texts)
        if language == "en"
        else " y ".join(t.name for _k, t, _m in texts)
    )
    english = f"{names} care plan" if names else "Care plan"
    spanish = f"Plan de cuidado: {names}" if names else "Plan de cuidado"
    return {
        "title": english if language == "en" else spanish,
        "language": language,
        "template_keys": tuple(k for k, _t, _m in texts),
        "problems": [p.model_dump() for p in problems],
        "expected_outcome": " ".join(outcomes) or None,
        "goals": goals,
        "interventions": interventions,
        **lists,
        "review_every_months": months,
        "next_review_on": add_months(today, months),
    }


class PlanStatus(StrEnum):
    """A stored version: the active one, an earlier one a revision replaced, or a plan that was ended."""

    ACTIVE = "active"
    SUPERSEDED = "superseded"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class GoalProgress(BaseModel):
    """A review's finding for one goal (by its position in the plan's goals)."""

    model_config = _FROZEN
    goal: int = Field(ge=0)
    achievement: GoalAchievement
    note: OptionalText = Field(default=None, max_length=300)


class Review(BaseModel):
    """What a reviewer enters: the progress of each goal and a note; date and reviewer are stamped."""

    model_config = _FROZEN
    progress: tuple[GoalProgress, ...] = ()
    note: OptionalText = Field(default=None, max_length=1000)
    next_review_on: OptionalPlanDate = None


class ReviewRecord(BaseModel):
    model_config = _FROZEN
    id: int
    plan_id: int
    reviewed_on: date
    reviewer: str
    progress: tuple[GoalProgress, ...] = ()
    note: str | None = None
    next_review_on: date


class CarePlanRecord(BaseModel):
    """One stored version of a patient's care plan."""

    model_config = _FROZEN
    id: int
    patient_id: int
    version: int
    status: PlanStatus
    plan: CarePlan
    #: a revision: what changed from the version before (None for the first version)
    changes: str | None = None
    supersedes_id: int | None = None
    copy_given_on: date | None = None
    entered_in_error: EnteredInError | None = None
    stamps: Stamps

    def review_due(self, today: date) -> bool:
        return self.status is PlanStatus.ACTIVE and self.plan.review_due(today)


_LIST_NAMES: Final = {
    "problems": "problems",
    "goals": "goals",
    "symptom_management": "symptom management",
    "interventions": "interventions",
    "community_services": "community and social services",
    "coordination": "coordination with outside providers",
    "education": "education",
    "call_us_if": '"call us if" signs',
    "call_911_if": '"call 911 if" signs',
}
_FIELD_NAMES: Final = {
    "title": "title",
    "expected_outcome": "expected outcome",
    "prognosis": "prognosis",
    "medication_management": "medication management",
    "review_every_months": "review schedule",
    "next_review_on": "next review date",
    "language": "language",
}


def describe_changes(before: CarePlan, after: CarePlan) -> list[str]:
    """What a revision changed, in plain sentences (e.g. "Goals: 1 added, 1 changed")."""
    said: list[str] = []
    for name, words in _FIELD_NAMES.items():
        if getattr(before, name) != getattr(after, name):
            said.append(f"Changed the {words}.")
    for name, words in _LIST_NAMES.items():
        old, new = list(getattr(before, name)), list(getattr(after, name))
        added = [x for x in new if x not in old]
        removed = [x for x in old if x not in new]
        changed = min(len(added), len(removed))
        parts = [
            f"{n} {verb}"
            for n, verb in (
                (changed, "changed"),
                (len(added) - changed, "added"),
                (len(removed) - changed, "removed"),
            )
            if n
        ]
        if parts:
            said.append(f"{words[0].upper()}{words[1:]}: {', '.join(parts)}.")
    return said
