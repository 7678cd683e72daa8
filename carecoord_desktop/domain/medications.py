"""A medicine as entered or as read from a source list: the shared model of issue 11 (domain.md 1.3).

One :class:`Medication` is one line on a list (the patient's current list, or one source of a reconciliation).
Ingredients are normalized RxNorm ingredient names ("warfarin", never "warfarin sodium"); an entry without any is
free text, shown as uncoded. Input rules (dates not in the future, what each status needs) read the reference day
from the validation context, as the other clinical models do::

    Medication.model_validate(data, context=PatientRules().for_input(today).context())
"""

from __future__ import annotations

from datetime import date, datetime
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

from carecoord_desktop.domain.validation import (
    OptionalPastDate,
    OptionalText,
    Text,
    require_text,
    rules_for,
    user_error,
)

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class MedicationKind(StrEnum):
    """What sort of product it is; the interview prompts for each (domain.md 1.7: OTC, herbals, inhalers...)."""

    PRESCRIPTION = "prescription"
    OTC = "otc"
    HERBAL = "herbal"
    SUPPLEMENT = "supplement"
    INHALER = "inhaler"
    DROPS = "drops"
    PATCH = "patch"
    INJECTABLE = "injectable"
    CANNABIS = "cannabis"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS: Final = {
    MedicationKind.PRESCRIPTION: "Prescription medicine",
    MedicationKind.OTC: "Over-the-counter medicine",
    MedicationKind.HERBAL: "Herbal product",
    MedicationKind.SUPPLEMENT: "Vitamin or supplement",
    MedicationKind.INHALER: "Inhaler",
    MedicationKind.DROPS: "Eye, ear or nose drops",
    MedicationKind.PATCH: "Patch",
    MedicationKind.INJECTABLE: "Injection",
    MedicationKind.CANNABIS: "Cannabis or CBD",
    MedicationKind.OTHER: "Other",
}


class MedicationStatus(StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return {"active": "Active", "on_hold": "On hold", "stopped": "Stopped"}[self.value]


class ScheduleSlot(StrEnum):
    """The columns of the printed daily grid."""

    MORNING = "morning"
    NOON = "noon"
    EVENING = "evening"
    BEDTIME = "bedtime"


class Frequency(StrEnum):
    """How often, as a structured code; anything else is OTHER with the words in ``frequency_text``."""

    ONCE_DAILY = "once_daily"
    TWICE_DAILY = "twice_daily"
    THREE_TIMES_DAILY = "three_times_daily"
    FOUR_TIMES_DAILY = "four_times_daily"
    EVERY_MORNING = "every_morning"
    EVERY_EVENING = "every_evening"
    AT_BEDTIME = "at_bedtime"
    EVERY_OTHER_DAY = "every_other_day"
    WEEKLY = "weekly"
    AS_NEEDED = "as_needed"
    OTHER = "other"

    @property
    def label(self) -> str:
        """As said to a patient: "twice a day"."""
        return _FREQUENCY_LABELS[self]

    @property
    def slots(self) -> tuple[ScheduleSlot, ...]:
        """Where the medicine goes on the daily grid; empty when it has no fixed time (as needed, other)."""
        return _FREQUENCY_SLOTS[self]

    @property
    def every_day(self) -> bool:
        """False for schedules that skip days (every other day, weekly): the grid shows them with a note."""
        return self not in (Frequency.EVERY_OTHER_DAY, Frequency.WEEKLY, Frequency.AS_NEEDED, Frequency.OTHER)


_FREQUENCY_LABELS: Final = {
    Frequency.ONCE_DAILY: "once a day",
    Frequency.TWICE_DAILY: "twice a day",
    Frequency.THREE_TIMES_DAILY: "three times a day",
    Frequency.FOUR_TIMES_DAILY: "four times a day",
    Frequency.EVERY_MORNING: "every morning",
    Frequency.EVERY_EVENING: "every evening",
    Frequency.AT_BEDTIME: "at bedtime",
    Frequency.EVERY_OTHER_DAY: "every other day",
    Frequency.WEEKLY: "once a week",
    Frequency.AS_NEEDED: "as needed",
    Frequency.OTHER: "other",
}
_M, _N, _E, _B = ScheduleSlot.MORNING, ScheduleSlot.NOON, ScheduleSlot.EVENING, ScheduleSlot.BEDTIME
_FREQUENCY_SLOTS: Final[dict[Frequency, tuple[ScheduleSlot, ...]]] = {
    Frequency.ONCE_DAILY: (_M,),
    Frequency.TWICE_DAILY: (_M, _E),
    Frequency.THREE_TIMES_DAILY: (_M, _N, _E),
    Frequency.FOUR_TIMES_DAILY: (_M, _N, _E, _B),
    Frequency.EVERY_MORNING: (_M,),
    Frequency.EVERY_EVENING: (_E,),
    Frequency.AT_BEDTIME: (_B,),
    Frequency.EVERY_OTHER_DAY: (_M,),
    Frequency.WEEKLY: (_M,),
    Frequency.AS_NEEDED: (),
    Frequency.OTHER: (),
}


def normalize_ingredient(name: str) -> str:
    """An ingredient name as compared everywhere: lower case, single spaces ("Warfarin " -> "warfarin")."""
    return " ".join(name.casefold().split())


def _ingredients(value: object) -> object:
    """Normalized, blanks dropped, each once, in the order given."""
    if isinstance(value, list | tuple):
        names = [normalize_ingredient(item) if isinstance(item, str) else item for item in value]
        return list(dict.fromkeys(name for name in names if name != ""))
    return value


def _rxcui(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        cleaned = "".join(value.split())
        if not cleaned:
            return None
        if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 8 or cleaned.startswith("0"):
            raise user_error("rxnorm_code", "Enter an RxNorm code (RxCUI): up to 8 digits, such as 855332")
        return cleaned
    return value


Ingredients = Annotated[list[Text], BeforeValidator(_ingredients)]
RxCui = Annotated[str | None, BeforeValidator(_rxcui)]


class Medication(BaseModel):
    """One medicine on one list. Who recorded it, and when, belong to the stored row, not here."""

    model_config = _MODEL_CONFIG

    display: Text = Field(max_length=200)
    rxnorm: RxCui = None
    ingredients: Ingredients = Field(default_factory=list, max_length=12)
    strength: OptionalText = Field(default=None, max_length=80)
    form: OptionalText = Field(default=None, max_length=80)
    dose: OptionalText = Field(default=None, max_length=80)
    route: OptionalText = Field(default=None, max_length=60)
    frequency: Frequency | None = None
    frequency_text: OptionalText = Field(default=None, max_length=120)
    prn: bool = False
    prn_reason: OptionalText = Field(default=None, max_length=200)
    indication: OptionalText = Field(default=None, max_length=200)
    prescriber: OptionalText = Field(default=None, max_length=120)
    start_date: OptionalPastDate = None
    last_dose_taken: datetime | None = None
    actual_use: OptionalText = Field(default=None, max_length=500)
    notes: OptionalText = Field(default=None, max_length=1000)
    kind: MedicationKind = MedicationKind.PRESCRIPTION
    status: MedicationStatus = MedicationStatus.ACTIVE
    hold_until: date | None = None
    hold_reason: OptionalText = Field(default=None, max_length=500)
    stopped_on: OptionalPastDate = None
    stop_reason: OptionalText = Field(default=None, max_length=500)

    @field_validator("display", mode="before")
    @classmethod
    def _display_required(cls, value: object) -> object:
        return require_text(value, "Enter the medicine, e.g. Warfarin 5 mg tablet")

    @model_validator(mode="before")
    @classmethod
    def _as_needed_is_prn(cls, data: Any) -> Any:
        """Choosing "as needed" as the frequency is saying PRN: no second tick needed."""
        if isinstance(data, dict) and data.get("frequency") in (Frequency.AS_NEEDED, "as_needed"):
            return {**data, "prn": True}
        return data

    @field_validator("last_dose_taken")
    @classmethod
    def _last_dose_not_in_future(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        rules = rules_for(info)
        if value is not None and not rules.stored and value.date() > rules.reference_date():
            raise user_error("date_in_future", "The last dose taken cannot be in the future")
        return value

    @field_validator("hold_until")
    @classmethod
    def _hold_until_not_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        rules = rules_for(info)
        if value is not None and not rules.stored and value < rules.reference_date():
            raise user_error("hold_until_past", "The hold must end today or later (the date has passed)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.prn_reason is not None and not self.prn:
            raise user_error(
                "prn_reason_without_prn",
                "A reason for as-needed use only applies to a medicine taken as needed (PRN)",
                field="prn_reason",
            )
        if self.frequency is Frequency.OTHER and self.frequency_text is None:
            raise user_error("frequency_text", "Describe how often it is taken", field="frequency_text")
        self._check_status_fields()
        if self.stopped_on is not None and self.start_date is not None and self.stopped_on < self.start_date:
            raise user_error(
                "stopped_before_start", "The stop date cannot be before the start date", field="stopped_on"
            )
        return self

    def _check_status_fields(self) -> None:
        """Each status carries its own details, and only those (domain.md 1.5: hold why/until, stop why/when)."""
        status = self.status
        if status is not MedicationStatus.ON_HOLD:
            for name in ("hold_until", "hold_reason"):
                if getattr(self, name) is not None:
                    raise user_error(
                        "hold_details_without_hold",
                        f"Only a medicine on hold has hold details; this one is {status.label.lower()}",
                        field=name,
                    )
        if status is not MedicationStatus.STOPPED:
            for name in ("stopped_on", "stop_reason"):
                if getattr(self, name) is not None:
                    raise user_error(
                        "stop_details_without_stop",
                        f"Only a stopped medicine has a stop date and reason; this one is {status.label.lower()}",
                        field=name,
                    )
        if status is MedicationStatus.ON_HOLD and self.hold_reason is None:
            raise user_error("hold_reason", "Say why the medicine is on hold", field="hold_reason")
        if status is MedicationStatus.STOPPED:
            if self.stopped_on is None:
                raise user_error("stopped_on", "Enter the date the medicine was stopped", field="stopped_on")
            if self.stop_reason is None:
                raise user_error("stop_reason", "Say why the medicine was stopped", field="stop_reason")

    @property
    def coded(self) -> bool:
        """True when the entry is matched to RxNorm ingredients; an uncoded entry is compared by its text."""
        return bool(self.ingredients)

    @property
    def is_active(self) -> bool:
        return self.status is MedicationStatus.ACTIVE

    @property
    def how_often(self) -> str | None:
        """The frequency in words: the structured code's label, or the text as entered."""
        if self.frequency is None or self.frequency is Frequency.OTHER:
            return self.frequency_text
        return self.frequency.label

    @property
    def summary(self) -> str:
        """One line a nurse reads: "Coumadin 5 mg tablet: 1 tablet by mouth once a day"."""
        parts = [part for part in (self.dose, self.route, self.how_often) if part]
        if self.prn and self.frequency is not Frequency.AS_NEEDED:
            parts.append("as needed" + (f" for {self.prn_reason}" if self.prn_reason else ""))
        elif self.prn_reason:
            parts.append(f"for {self.prn_reason}")
        return self.display + (": " + " ".join(parts) if parts else "")
