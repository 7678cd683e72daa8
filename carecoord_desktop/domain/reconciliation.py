"""A medication reconciliation session (domain.md 1.2 to 1.7): why it was started, the source lists, the
nurse's decision on every comparison line, the acknowledged warnings, the checklist and the sign-off rules.

The comparison itself is the engine's (domain/med_comparison.py); this module judges what the nurse did with
it. A session is complete only when every line is resolved with no open clarification, each discrepancy has
an intent, every high-alert medicine is double-checked, every interaction, duplication and allergy warning
is acknowledged with a reason, and the best possible medication history has at least two sources, one the
patient or caregiver interview (or a recorded reason it could not be done). Interaction checking that could
not run must be acknowledged too: never silently off.

Pure: callers pass `today`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Final, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from carecoord_desktop.domain.med_comparison import (
    Comparison,
    ComparisonLine,
    DiscrepancyType,
    Finding,
    SourceKind,
)
from carecoord_desktop.domain.medications import Medication
from carecoord_desktop.domain.validation import (
    OptionalPastDate,
    OptionalText,
    PastDate,
    Text,
    parse_date_text,
    require_text,
    rules_for,
    user_error,
)

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
MIN_SOURCES: Final = 2


class ReconciliationReason(StrEnum):
    POST_DISCHARGE = "post_discharge"
    NEW_PATIENT = "new_patient"
    ANNUAL_REVIEW = "annual_review"
    VISIT = "visit"

    @property
    def label(self) -> str:
        return {
            "post_discharge": "After a hospital discharge",
            "new_patient": "New patient",
            "annual_review": "Annual review",
            "visit": "Visit",
        }[self.value]


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return {"in_progress": "In progress", "signed": "Signed"}[self.value]


class Resolution(StrEnum):
    """What happens to a line (domain.md 1.5). The key is the screen's one-letter shortcut."""

    CONTINUE = "continue"
    MODIFY = "modify"
    STOP = "stop"
    HOLD = "hold"
    NEW = "new"
    CLARIFY = "clarify"

    @property
    def label(self) -> str:
        return {
            "continue": "Continue",
            "modify": "Modify",
            "stop": "Stop",
            "hold": "Hold",
            "new": "New",
            "clarify": "Clarify with prescriber",
        }[self.value]

    @property
    def key(self) -> str:
        return {"continue": "C", "modify": "M", "stop": "S", "hold": "H", "new": "N", "clarify": "Q"}[
            self.value
        ]


class Intent(StrEnum):
    """Why the lists differ (High 5s / ISMP Canada terms, domain.md 1.4)."""

    INTENTIONAL_DOCUMENTED = "intentional_documented"
    INTENTIONAL_UNDOCUMENTED = "intentional_undocumented"
    UNINTENTIONAL = "unintentional"

    @property
    def label(self) -> str:
        return {
            "intentional_documented": "Intentional, documented",
            "intentional_undocumented": "Intentional, not documented",
            "unintentional": "Unintentional (an error)",
        }[self.value]


#: Findings that are warnings about the list as a whole: acknowledged with a reason, never dismissed.
ACKNOWLEDGED_TYPES: Final = frozenset(
    {DiscrepancyType.INTERACTION, DiscrepancyType.DUPLICATION, DiscrepancyType.ALLERGY}
)


def finding_key(finding: Finding) -> str:
    """A finding's identity across recomputations: its type and its ingredients."""
    return f"{finding.type.value}:{'+'.join(sorted(finding.ingredients))}"


def needs_acknowledgement(finding: Finding) -> bool:
    return finding.type in ACKNOWLEDGED_TYPES


# -- what the nurse enters ------------------------------------------------------------------------------
class SessionStart(BaseModel):
    """Starting a session: the reason, and for a post-discharge one the discharge date or the recorded stay
    (whose discharge date it then takes)."""

    model_config = _MODEL_CONFIG

    reason: ReconciliationReason
    discharged_on: OptionalPastDate = None
    stay_id: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _discharge(self) -> Self:
        if (
            self.reason is ReconciliationReason.POST_DISCHARGE
            and self.discharged_on is None
            and self.stay_id is None
        ):
            raise user_error("discharge_date", "Enter the discharge date", field="discharged_on")
        if self.reason is not ReconciliationReason.POST_DISCHARGE and (
            self.discharged_on is not None or self.stay_id is not None
        ):
            raise user_error(
                "discharge_without_discharge",
                "Only a reconciliation after a discharge has a discharge date",
                field="discharged_on",
            )
        return self


class SourceEntry(BaseModel):
    """One source list (domain.md 1.2): what kind, who provided it, when it was obtained, and its medicines."""

    model_config = _MODEL_CONFIG

    kind: SourceKind
    provided_by: Text = Field(max_length=120)
    obtained_on: PastDate
    medications: tuple[Medication, ...] = ()
    imported_from: OptionalText = Field(default=None, max_length=255)
    unread: tuple[str, ...] = ()

    @field_validator("provided_by", mode="before")
    @classmethod
    def _provider(cls, value: object) -> object:
        return require_text(
            value, "Say who provided this list (e.g. the patient, the daughter, Main St Pharmacy)"
        )


def _typed_date(value: object, info: ValidationInfo) -> object:
    """A date as typed on the forms (MM/DD/YYYY and the other forms validation reads); blank is none."""
    if isinstance(value, str):
        if not value.strip():
            return None
        parsed = parse_date_text(value, rules_for(info).reference_date())
        if parsed is None:
            raise user_error("date_unreadable", "Enter a date such as 12/01/2026")
        return parsed
    return value


class LineDecision(BaseModel):
    """The nurse's decision on one comparison line (domain.md 1.5), and the intent behind a discrepancy."""

    model_config = _MODEL_CONFIG

    resolution: Resolution
    intent: Intent | None = None
    reason: OptionalText = Field(default=None, max_length=500)
    hold_until: Annotated[date | None, BeforeValidator(_typed_date)] = None
    medication: Medication | None = None  # MODIFY: the new values; NEW: what starts (default: the source's)
    double_checked: bool = False
    question: OptionalText = Field(default=None, max_length=500)  # CLARIFY: what the prescriber is asked
    prescriber_response: OptionalText = Field(default=None, max_length=1000)

    @field_validator("hold_until")
    @classmethod
    def _hold_ends_later(cls, value: date | None, info: ValidationInfo) -> date | None:
        rules = rules_for(info)
        if value is not None and not rules.stored and value < rules.reference_date():
            raise user_error("hold_until_past", "The hold must end today or later")
        return value

    @model_validator(mode="after")
    def _complete(self) -> Self:
        resolution = self.resolution
        if resolution is Resolution.MODIFY and self.medication is None:
            raise user_error("modify_values", "Enter the new dose, route or frequency", field="medication")
        if resolution in (Resolution.MODIFY, Resolution.STOP, Resolution.HOLD) and self.reason is None:
            message = {
                Resolution.MODIFY: "Say why it changes (the patient's list shows the reason)",
                Resolution.STOP: "Say why it is stopped",
                Resolution.HOLD: "Say why it is on hold",
            }[resolution]
            raise user_error("reason", message, field="reason")
        if resolution is Resolution.CLARIFY and self.question is None:
            raise user_error("question", "Write the question for the prescriber", field="question")
        if self.hold_until is not None and resolution is not Resolution.HOLD:
            raise user_error("hold_until", "Only a held medicine has a hold date", field="hold_until")
        return self

    @property
    def open_clarification(self) -> bool:
        return self.resolution is Resolution.CLARIFY


# -- the checklist (domain.md 1.7) ----------------------------------------------------------------------
class ChecklistItem(StrEnum):
    IDENTIFIERS_ALLERGIES = "identifiers_allergies"
    DISCHARGE_LIST = "discharge_list"
    INTERVIEW = "interview"
    TWO_SOURCES = "two_sources"
    DETAILS_COMPLETE = "details_complete"
    LINE_BY_LINE = "line_by_line"
    DISCREPANCIES_TYPED = "discrepancies_typed"
    LINES_RESOLVED = "lines_resolved"
    HIGH_ALERT_CHECKED = "high_alert_checked"
    PRESCRIBER_RESPONSE = "prescriber_response"
    SIGNED = "signed"
    PATIENT_COPY = "patient_copy"
    COPY_SENT = "copy_sent"

    @property
    def label(self) -> str:
        return CHECKLIST_LABELS[self]

    @property
    def by_hand(self) -> bool:
        """Ticked by the nurse; the others tick themselves from the data and cannot be ticked by hand."""
        return self in BY_HAND

    @property
    def after_sign_off(self) -> bool:
        """Done once the list is signed (printing, sending): not needed to sign, may be ticked afterwards."""
        return self in (ChecklistItem.PATIENT_COPY, ChecklistItem.COPY_SENT)


CHECKLIST_LABELS: Final = {
    ChecklistItem.IDENTIFIERS_ALLERGIES: "Two identifiers checked; allergies and reactions reviewed",
    ChecklistItem.DISCHARGE_LIST: "Discharge medication list obtained",
    ChecklistItem.INTERVIEW: "Patient or caregiver interviewed (OTC, herbals, inhalers, drops, patches, "
    "injectables, as-needed, samples, cannabis)",
    ChecklistItem.TWO_SOURCES: "At least two sources checked",
    ChecklistItem.DETAILS_COMPLETE: "Every medicine has dose, route, frequency, form, actual use and purpose",
    ChecklistItem.LINE_BY_LINE: "Compared line by line with the current list",
    ChecklistItem.DISCREPANCIES_TYPED: "Each discrepancy marked intentional or unintentional",
    ChecklistItem.LINES_RESOLVED: "Every line resolved; no open clarification",
    ChecklistItem.HIGH_ALERT_CHECKED: "High-alert medicines double-checked",
    ChecklistItem.PRESCRIBER_RESPONSE: "Prescriber's response documented for each unintentional discrepancy",
    ChecklistItem.SIGNED: "Signed by a nurse or prescriber, with date and time",
    ChecklistItem.PATIENT_COPY: "Patient copy printed in the preferred language; teach-back done",
    ChecklistItem.COPY_SENT: "Copy sent to the next provider and the pharmacy",
}
BY_HAND: Final = frozenset(
    {
        ChecklistItem.IDENTIFIERS_ALLERGIES,
        ChecklistItem.DETAILS_COMPLETE,
        ChecklistItem.PATIENT_COPY,
        ChecklistItem.COPY_SENT,
    }
)


@dataclass(frozen=True)
class ChecklistState:
    item: ChecklistItem
    done: bool
    needed: bool  # False: not applicable to this session (a discharge list outside a post-discharge session)


# -- the session as the rules see it --------------------------------------------------------------------
@dataclass(frozen=True)
class SessionFacts:
    """Everything the sign-off rules and the checklist look at, read from storage and the engine."""

    reason: ReconciliationReason
    sources: Sequence[SourceEntry]
    comparison: Comparison
    decisions: Mapping[str, LineDecision]
    acknowledgements: Mapping[str, str]  # finding key -> the reason given
    interview_not_done_reason: str | None
    interactions_unavailable_ack: str | None
    ticked: frozenset[ChecklistItem]
    signed: bool = False

    def decision(self, line: ComparisonLine) -> LineDecision | None:
        return self.decisions.get(line.key)

    @property
    def distinct_sources(self) -> int:
        return len({source.kind for source in self.sources})

    @property
    def interviewed(self) -> bool:
        return any(source.kind is SourceKind.INTERVIEW for source in self.sources)

    @property
    def warnings(self) -> list[Finding]:
        """Every finding that needs an acknowledgement, once each."""
        found: dict[str, Finding] = {}
        for finding in self.comparison.findings:
            if needs_acknowledgement(finding):
                found.setdefault(finding_key(finding), finding)
        for line in self.comparison.lines:
            for finding in line.discrepancies:
                if needs_acknowledgement(finding):
                    found.setdefault(finding_key(finding), finding)
        return list(found.values())


def _line_name(line: ComparisonLine) -> str:
    medication = line.current or next((m for m in line.by_source.values() if m is not None), None)
    return medication.display if medication is not None else line.key


def _typed(facts: SessionFacts, line: ComparisonLine) -> bool:
    decision = facts.decision(line)
    return not line.discrepancies or (decision is not None and decision.intent is not None)


def _response_documented(facts: SessionFacts, line: ComparisonLine) -> bool:
    decision = facts.decision(line)
    if decision is None or decision.intent is not Intent.UNINTENTIONAL:
        return True
    return decision.prescriber_response is not None


def checklist(facts: SessionFacts) -> list[ChecklistState]:
    """The 1.7 checklist: items the data proves tick themselves; the rest are the nurse's ticks."""
    lines = facts.comparison.lines
    proven = {
        ChecklistItem.DISCHARGE_LIST: any(s.kind is SourceKind.HOSPITAL_DISCHARGE for s in facts.sources),
        ChecklistItem.INTERVIEW: facts.interviewed or facts.interview_not_done_reason is not None,
        ChecklistItem.TWO_SOURCES: facts.distinct_sources >= MIN_SOURCES,
        ChecklistItem.LINE_BY_LINE: bool(facts.sources),
        ChecklistItem.DISCREPANCIES_TYPED: all(_typed(facts, line) for line in lines),
        ChecklistItem.LINES_RESOLVED: all(
            (d := facts.decision(line)) is not None and not d.open_clarification for line in lines
        ),
        ChecklistItem.HIGH_ALERT_CHECKED: all(
            (d := facts.decision(line)) is not None and d.double_checked for line in lines if line.high_alert
        ),
        ChecklistItem.PRESCRIBER_RESPONSE: all(_response_documented(facts, line) for line in lines),
        ChecklistItem.SIGNED: facts.signed,
    }
    states = []
    for item in ChecklistItem:
        done = item in facts.ticked if item.by_hand else proven[item]
        needed = (
            item is not ChecklistItem.DISCHARGE_LIST or facts.reason is ReconciliationReason.POST_DISCHARGE
        )
        states.append(ChecklistState(item, done, needed))
    return states


def sign_off_blockers(facts: SessionFacts) -> list[str]:
    """Every reason the session cannot be signed yet, as plain sentences; empty when it can."""
    if facts.signed:
        return ["This reconciliation is already signed; start a correction to change it."]
    blockers: list[str] = []
    if facts.distinct_sources < MIN_SOURCES:
        blockers.append(
            f"Gather at least {MIN_SOURCES} different source lists (there are {facts.distinct_sources})."
        )
    if not facts.interviewed and facts.interview_not_done_reason is None:
        blockers.append(
            "Add the patient or caregiver interview as a source, or record why it could not be done."
        )
    if not facts.comparison.interactions_checked and facts.interactions_unavailable_ack is None:
        blockers.append("Interaction checking is unavailable: acknowledge that before signing.")
    for line in facts.comparison.lines:
        decision = facts.decision(line)
        name = _line_name(line)
        if decision is None:
            blockers.append(f"Resolve {name}.")
            continue
        if decision.open_clarification:
            blockers.append(f"{name} waits for the prescriber: record the answer and resolve it.")
        if line.discrepancies and decision.intent is None:
            blockers.append(f"Say whether the discrepancy on {name} is intentional.")
        if line.high_alert and not decision.double_checked:
            blockers.append(f"{name} is a high-alert medicine: double-check it and tick it.")
        if not _response_documented(facts, line):
            blockers.append(f"Record the prescriber's response to the unintentional discrepancy on {name}.")
    for finding in facts.warnings:
        if finding_key(finding) not in facts.acknowledgements:
            blockers.append(f"Acknowledge the warning with a reason: {finding.explanation}")
    for state in checklist(facts):
        if state.item.by_hand and state.needed and not state.item.after_sign_off and not state.done:
            blockers.append(f"Tick the checklist item: {state.item.label}.")
    if facts.reason is ReconciliationReason.POST_DISCHARGE and not any(
        s.kind is SourceKind.HOSPITAL_DISCHARGE for s in facts.sources
    ):
        blockers.append("Add the hospital discharge medication list as a source.")
    return blockers


# -- when a post-discharge reconciliation is due (domain.md 1.6) ---------------------------------------
#: The due items that mean a reconciliation is owed: a post-discharge session not yet signed (services/
#: reconciliation.py), or a TCM discharge whose reconciliation is not done yet (services/transitions.py).
RECONCILIATION_DUE_KINDS: Final = ("reconciliation", "tcm.med_rec")
DUE_WITHOUT_VISIT_DAYS: Final = 7
OVERDUE_AFTER_DAYS: Final = 30


def due_on(discharged_on: date, visit_due: date | None) -> date:
    """TCM: no later than the face-to-face visit (its deadline when the stay is known), else discharge + 7."""
    return visit_due or discharged_on + timedelta(days=DUE_WITHOUT_VISIT_DAYS)


def overdue_after(discharged_on: date) -> date:
    """HEDIS MRP: the discharge day and the 30 days after; a session unsigned after that is overdue."""
    return discharged_on + timedelta(days=OVERDUE_AFTER_DAYS)
