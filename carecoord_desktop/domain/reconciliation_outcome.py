"""What a reconciliation produces: the reconciled list line by line, with old and new values, the patient's
NEW / CHANGED / STOPPED / SAME marks and their reasons (MARQUIS step 4), and the frozen record of a signed
session that the provider copy prints.

Pure: callers pass `today` (the day a stopped medicine is stopped on).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pydantic import BaseModel, ConfigDict

from carecoord_desktop.domain.med_comparison import (
    Comparison,
    ComparisonLine,
    DiscrepancyType,
    Finding,
    SourceKind,
)
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.medications import Medication, MedicationStatus
from carecoord_desktop.domain.reconciliation import (
    ChecklistItem,
    LineDecision,
    ReconciliationReason,
    Resolution,
    SessionFacts,
    SessionStatus,
    SourceEntry,
    finding_key,
)
from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.domain.validation import DEFAULT_RULES

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
_STORED: Final = DEFAULT_RULES.for_stored().context()


class FindingNote(BaseModel):
    """A finding as the record keeps it, with the reason it was acknowledged (if it needed one)."""

    model_config = _MODEL_CONFIG

    type: str
    ingredients: tuple[str, ...]
    explanation: str
    source: str | None = None
    acknowledged: str | None = None


class SourceNote(BaseModel):
    model_config = _MODEL_CONFIG

    kind: SourceKind
    provided_by: str
    obtained_on: date
    imported_from: str | None = None


class OutcomeLine(BaseModel):
    """One line of the reconciled list: what it was, what each source said, the decision and the result."""

    model_config = _MODEL_CONFIG

    key: str
    name: str
    current: Medication | None
    sources: tuple[Medication | None, ...]  # in the order of the outcome's sources
    findings: tuple[FindingNote, ...]
    high_alert: bool
    decision: LineDecision
    result: Medication
    mark: ChangeMark
    mark_reason: str | None
    medication_id: int | None = None  # the list entry it became at sign-off


class ReconciliationOutcome(BaseModel):
    """A signed session, frozen: what the provider copy prints and the patient's list marks come from."""

    model_config = _MODEL_CONFIG

    reason: ReconciliationReason
    discharged_on: date | None
    sources: tuple[SourceNote, ...]
    lines: tuple[OutcomeLine, ...]
    warnings: tuple[FindingNote, ...]
    interactions_checked: bool
    interactions_unavailable_ack: str | None
    interview_not_done_reason: str | None
    checklist: tuple[ChecklistItem, ...]
    signed_at: str
    signed_by: str
    signed_by_name: str
    corrects_id: int | None = None


def base_medication(line: ComparisonLine) -> Medication:
    """The line's medicine as the patient has it: the current list's entry, else the first source's."""
    found = line.current or next((m for m in line.by_source.values() if m is not None), None)
    if found is None:  # the engine never makes an empty line
        raise ValueError(f"comparison line {line.key} names no medicine")
    return found


def _with(medication: Medication, **changes: Any) -> Medication:
    cleared = {"hold_until": None, "hold_reason": None, "stopped_on": None, "stop_reason": None}
    data = {**medication.model_dump(), **cleared, **changes}
    return Medication.model_validate(data, context=_STORED)


def result_of(
    line: ComparisonLine, decision: LineDecision, today: date
) -> tuple[Medication, ChangeMark, str | None]:
    """The medicine as it goes on the current list, its mark for the patient's copy, and the reason shown."""
    base = base_medication(line)
    resolution = decision.resolution
    if resolution is Resolution.CONTINUE:
        return base, ChangeMark.SAME, None
    if resolution is Resolution.MODIFY:
        assert decision.medication is not None  # LineDecision requires it
        return _with(decision.medication, status=MedicationStatus.ACTIVE), ChangeMark.CHANGED, decision.reason
    if resolution is Resolution.STOP:
        stopped = _with(base, status=MedicationStatus.STOPPED, stopped_on=today, stop_reason=decision.reason)
        return stopped, ChangeMark.STOPPED, decision.reason
    if resolution is Resolution.HOLD:
        held = _with(
            base, status=MedicationStatus.ON_HOLD, hold_until=decision.hold_until, hold_reason=decision.reason
        )
        return held, ChangeMark.CHANGED, decision.reason
    if resolution is Resolution.NEW:
        started = _with(decision.medication or base, status=MedicationStatus.ACTIVE)
        return started, ChangeMark.NEW, decision.reason or started.indication
    raise ValueError("an open clarification has no result yet")


def _note(finding: Finding, acknowledgements: dict[str, str] | None = None) -> FindingNote:
    return FindingNote(
        type=finding.type.value,
        ingredients=tuple(finding.ingredients),
        explanation=finding.explanation,
        source=finding.source,
        acknowledged=(acknowledgements or {}).get(finding_key(finding)),
    )


def outcome_lines(facts: SessionFacts, today: date) -> list[OutcomeLine]:
    """Every line with a decision other than an open clarification, as it would be signed now."""
    acknowledgements = dict(facts.acknowledgements)
    lines = []
    for line in facts.comparison.lines:
        decision = facts.decision(line)
        if decision is None or decision.open_clarification:
            continue
        result, mark, reason = result_of(line, decision, today)
        lines.append(
            OutcomeLine(
                key=line.key,
                name=base_medication(line).display,
                current=line.current,
                sources=tuple(line.by_source.get(index) for index in range(len(facts.sources))),
                findings=tuple(_note(f, acknowledgements) for f in line.discrepancies),
                high_alert=line.high_alert,
                decision=decision,
                result=result,
                mark=mark,
                mark_reason=reason,
            )
        )
    return lines


def outcome(
    facts: SessionFacts,
    *,
    today: date,
    discharged_on: date | None,
    signed_at: str,
    signed_by: str,
    signed_by_name: str,
    corrects_id: int | None,
) -> ReconciliationOutcome:
    """The record frozen at sign-off (the caller has checked `sign_off_blockers` is empty)."""
    acknowledgements = dict(facts.acknowledgements)
    return ReconciliationOutcome(
        reason=facts.reason,
        discharged_on=discharged_on,
        sources=tuple(
            SourceNote(
                kind=s.kind,
                provided_by=s.provided_by,
                obtained_on=s.obtained_on,
                imported_from=s.imported_from,
            )
            for s in facts.sources
        ),
        lines=tuple(outcome_lines(facts, today)),
        warnings=tuple(_note(f, acknowledgements) for f in facts.warnings),
        interactions_checked=facts.comparison.interactions_checked,
        interactions_unavailable_ack=facts.interactions_unavailable_ack,
        interview_not_done_reason=facts.interview_not_done_reason,
        checklist=tuple(sorted(facts.ticked | {ChecklistItem.SIGNED})),
        signed_at=signed_at,
        signed_by=signed_by,
        signed_by_name=signed_by_name,
        corrects_id=corrects_id,
    )


class SessionRecord(BaseModel):
    """A stored session (read model): its header, the nurse's ticks, and once signed its frozen outcome."""

    model_config = _MODEL_CONFIG

    id: int
    patient_id: int
    status: SessionStatus
    reason: ReconciliationReason
    discharged_on: date | None
    stay_id: int | None
    corrects_id: int | None
    interview_not_done_reason: str | None
    interactions_unavailable_ack: str | None
    ticked: frozenset[ChecklistItem]
    signed_at: str | None
    signed_by: str | None
    signed_by_name: str | None
    outcome: ReconciliationOutcome | None
    entered_in_error: EnteredInError | None
    stamps: Stamps

    @property
    def signed(self) -> bool:
        return self.status is SessionStatus.SIGNED


class SourceRecord(BaseModel):
    model_config = _MODEL_CONFIG

    id: int
    entry: SourceEntry
    stamps: Stamps


def _finding(note: FindingNote, line_keys: tuple[str, ...]) -> Finding:
    return Finding(DiscrepancyType(note.type), note.ingredients, note.explanation, note.source, line_keys)


def frozen_comparison(signed: ReconciliationOutcome) -> Comparison:
    """The comparison as it was signed (the current list has changed since: a signed session is shown as it
    was, never compared again)."""
    lines = tuple(
        ComparisonLine(
            key=line.key,
            label=line.name,
            current=line.current,
            by_source=dict(enumerate(line.sources)),
            discrepancies=tuple(_finding(note, (line.key,)) for note in line.findings),
            high_alert=line.high_alert,
        )
        for line in signed.lines
    )
    warnings = tuple(_finding(note, ()) for note in signed.warnings)
    return Comparison(lines=lines, findings=warnings, interactions_checked=signed.interactions_checked)
