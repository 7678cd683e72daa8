"""Medication reconciliation sessions: start one for a reason, gather source lists, decide every line of
the engine's comparison, acknowledge warnings, tick the checklist (domain.md 1.2 to 1.7).

Every write is one audited transaction (EDIT_MEDICATIONS); reading a session is an audited view
(VIEW_MEDICATIONS): front desk is refused both, and the refusal is audited. A signed session is never
changed (a correction is a new session, services/reconciliation_signoff.py), except for the two checklist
items that come after signing (the patient copy, the copy sent on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.med_comparison import Comparison, Finding
from carecoord_desktop.domain.medication_records import MedicationRecord
from carecoord_desktop.domain.reconciliation import (
    ChecklistItem,
    ChecklistState,
    LineDecision,
    ReconciliationReason,
    SessionFacts,
    SessionStart,
    SourceEntry,
    checklist,
    due_on,
    finding_key,
    sign_off_blockers,
)
from carecoord_desktop.domain.reconciliation_outcome import SessionRecord, SourceRecord, frozen_comparison
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.domain.transitions import tcm_dates
from carecoord_desktop.domain.validation import DEFAULT_RULES, OptionalText, validation_failed
from carecoord_desktop.interop import drug_data, fhir_medications
from carecoord_desktop.interop.fhir_medications import ImportedMedications
from carecoord_desktop.services import due_items
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reconciliation_inputs import EngineInputs, read_inputs, run_engine
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import reconciliations_repo, transitions_repo
from carecoord_desktop.storage.schema import med_reconciliations

SOURCE_TABLE = med_reconciliations.name
DUE_KIND = "reconciliation"
DUE_LABEL = "Medication reconciliation"
T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class ReconciliationView:
    """A session as the screen shows it: the lists, the engine's comparison, the decisions, the checklist
    and everything that still stands in the way of signing."""

    record: SessionRecord
    sources: tuple[SourceRecord, ...]
    current: tuple[MedicationRecord, ...]
    comparison: Comparison
    decisions: dict[str, LineDecision]
    acknowledgements: dict[str, str]
    warnings: tuple[Finding, ...]
    checklist: tuple[ChecklistState, ...]
    blockers: tuple[str, ...]


def _input(session: Session, model: type[T], data: dict[str, Any], what: str) -> T:
    try:
        return model.model_validate(data, context=DEFAULT_RULES.for_input(session.clock.today()).context())
    except ValidationError as exc:
        raise validation_failed(exc, what) from None


def facts_of(
    conn: Connection, record: SessionRecord
) -> tuple[SessionFacts, tuple[SourceRecord, ...], EngineInputs]:
    """The rules' view of a session, read in `conn`, with its sources and the engine inputs: compared now
    while in progress, as it was signed once signed."""
    sources = tuple(reconciliations_repo.sources(conn, record.id))
    inputs = read_inputs(conn, record.patient_id)
    if record.outcome is not None:
        comparison = frozen_comparison(record.outcome)
        decisions = {line.key: line.decision for line in record.outcome.lines}
    else:
        comparison = run_engine(inputs, [s.entry for s in sources])
        decisions = reconciliations_repo.decisions(conn, record.id)
    facts = SessionFacts(
        reason=record.reason,
        sources=[s.entry for s in sources],
        comparison=comparison,
        decisions=decisions,
        acknowledgements=reconciliations_repo.acknowledgements(conn, record.id),
        interview_not_done_reason=record.interview_not_done_reason,
        interactions_unavailable_ack=record.interactions_unavailable_ack,
        ticked=record.ticked,
        signed=record.signed,
    )
    return facts, sources, inputs


def _view(conn: Connection, record: SessionRecord) -> ReconciliationView:
    facts, sources, inputs = facts_of(conn, record)
    return ReconciliationView(
        record=record,
        sources=sources,
        current=inputs.current,
        comparison=facts.comparison,
        decisions=dict(facts.decisions),
        acknowledgements=dict(facts.acknowledgements),
        warnings=tuple(facts.warnings),
        checklist=tuple(checklist(facts)),
        blockers=tuple(sign_off_blockers(facts)),
    )


def own_session(
    conn: Connection, patient_id: int, session_id: int, *, in_progress: bool = True
) -> SessionRecord:
    """The session, checked to be on this chart (and, for changes, not signed)."""
    record = reconciliations_repo.get_session(conn, session_id)
    if record.patient_id != patient_id or record.entered_in_error is not None:
        raise ValidationFailed("That reconciliation is not on this patient's chart.")
    if in_progress and record.signed:
        raise ValidationFailed(
            "This reconciliation is signed and can no longer be changed; start a correction."
        )
    return record


def _write(
    session: Session,
    action: str,
    patient_id: int,
    session_id: int,
    work: Callable[[Connection, SessionRecord], None],
) -> ReconciliationView:
    """One audited change to a session in progress; returns the session as it now stands."""
    with session.audited_write(
        Permission.EDIT_MEDICATIONS,
        action,
        patient_id=patient_id,
        subject=f"reconciliation #{session_id}",
        what="the reconciliation",
    ) as conn:
        work(conn, own_session(conn, patient_id, session_id))
        return _view(conn, reconciliations_repo.get_session(conn, session_id))


# -- reading --------------------------------------------------------------------------------------------
def sessions_for_patient(session: Session, patient_id: int) -> list[SessionRecord]:
    """The patient's reconciliations, newest first."""
    return session.audited_read(
        Permission.VIEW_MEDICATIONS,
        "reconciliation.list",
        lambda conn: reconciliations_repo.for_patient(conn, patient_id),
        patient_id=patient_id,
    )


def open_session(session: Session, patient_id: int, session_id: int) -> ReconciliationView:
    """A session with its comparison worked out now (a signed one shows its frozen outcome on record)."""
    return session.audited_read(
        Permission.VIEW_MEDICATIONS,
        "reconciliation.view",
        lambda conn: _view(conn, own_session(conn, patient_id, session_id, in_progress=False)),
        patient_id=patient_id,
        subject=f"reconciliation #{session_id}",
    )


# -- starting -------------------------------------------------------------------------------------------
def _link_stay(conn: Connection, patient_id: int, start: SessionStart) -> tuple[SessionStart, Any]:
    """A session started from a stay takes the stay's discharge date; the stay must be this chart's."""
    if start.stay_id is None:
        return start, None
    stay = transitions_repo.get(conn, start.stay_id)
    if stay.patient_id != patient_id or stay.entered_in_error is not None:
        raise ValidationFailed("That stay is not on this patient's chart.")
    return start.model_copy(update={"discharged_on": stay.stay.discharged_on}), stay


def set_due_item(session: Session, conn: Connection, patient_id: int, session_id: int) -> None:
    """A post-discharge session is due at the linked stay's face-to-face deadline (discharge + 7 without one)."""
    record = reconciliations_repo.get_session(conn, session_id)
    if record.reason is not ReconciliationReason.POST_DISCHARGE or record.discharged_on is None:
        return
    visit_due = None
    if record.stay_id is not None:
        stay = transitions_repo.get(conn, record.stay_id)
        visit_due = tcm_dates(stay.stay.discharged_on, session.clock.calendar).visit_due(stay.stay.complexity)
    item = DueItem(DUE_KIND, SOURCE_TABLE, session_id, due_on(record.discharged_on, visit_due), DUE_LABEL)
    due_items.set_due(session, conn, patient_id, item)


def start(
    session: Session, patient_id: int, data: dict[str, Any], *, corrects_id: int | None = None
) -> SessionRecord:
    """A new session for a reason. One session at a time per patient; a post-discharge one writes its due
    item. A correction (`corrects_id`) starts from the signed session's source lists."""
    new = _input(session, SessionStart, data, "The reconciliation")
    with session.audited_write(
        Permission.EDIT_MEDICATIONS,
        "reconciliation.start" if corrects_id is None else "reconciliation.correct",
        patient_id=patient_id,
        detail={"reason": new.reason.value},
        what="the reconciliation",
    ) as conn:
        if any(not r.signed for r in reconciliations_repo.for_patient(conn, patient_id)):
            raise ValidationFailed(
                "A reconciliation is already in progress for this patient: finish that one first."
            )
        new, _stay = _link_stay(conn, patient_id, new)
        if corrects_id is not None:
            corrected = own_session(conn, patient_id, corrects_id, in_progress=False)
            if not corrected.signed:
                raise ValidationFailed(
                    "Only a signed reconciliation is corrected; this one can still be changed."
                )
        session_id = reconciliations_repo.add_session(
            conn, patient_id, new, corrects_id, session.user.username
        )
        if corrects_id is not None:
            for source in reconciliations_repo.sources(conn, corrects_id):
                reconciliations_repo.add_source(
                    conn, session_id, patient_id, source.entry, session.user.username
                )
        set_due_item(session, conn, patient_id, session_id)
        return reconciliations_repo.get_session(conn, session_id)


def start_correction(session: Session, patient_id: int, signed_id: int) -> SessionRecord:
    """A new session that corrects a signed one: same reason and discharge, its sources to start from."""
    with session.vault.read() as conn:
        signed = own_session(conn, patient_id, signed_id, in_progress=False)
    data = {"reason": signed.reason, "discharged_on": signed.discharged_on, "stay_id": signed.stay_id}
    return start(session, patient_id, data, corrects_id=signed_id)


# -- sources --------------------------------------------------------------------------------------------
def _coded(entry: SourceEntry) -> SourceEntry:
    """Typed medicines get their RxNorm ingredients where the bundled vocabulary spells them out ("Warfarin
    5 mg tablet" -> warfarin); a name it does not know stays uncoded (compared by its words)."""
    if all(m.coded for m in entry.medications):
        return entry
    try:
        vocabulary = drug_data.load_vocabulary()
    except drug_data.DrugDataUnavailable:
        return entry
    coded = tuple(
        m if m.coded else m.model_copy(update={"ingredients": list(vocabulary.ingredients_in(m.display))})
        for m in entry.medications
    )
    return entry.model_copy(update={"medications": coded})


def add_source(
    session: Session, patient_id: int, session_id: int, data: dict[str, Any]
) -> ReconciliationView:
    """A source list, entered or imported (domain.md 1.2), with who provided it and when."""
    entry = _coded(_input(session, SourceEntry, data, "The source list"))

    def work(conn: Connection, record: SessionRecord) -> None:
        reconciliations_repo.add_source(conn, record.id, patient_id, entry, session.user.username)

    return _write(session, "reconciliation.source_add", patient_id, session_id, work)


def read_fhir_file(session: Session, path: Path) -> ImportedMedications:
    """What a FHIR R4 file (Bundle, MedicationRequest or MedicationStatement) holds, read and coded with the
    bundled vocabulary, with every entry it could not use and why; nothing is saved (`add_source` does that).
    Reading takes a second or more: the UI calls it off its thread."""
    session.require(Permission.EDIT_MEDICATIONS, "reconciliation.import_read")
    return fhir_medications.read_file(path, drug_data.load_vocabulary())


def imported_source(
    found: ImportedMedications, *, kind: str, provided_by: str, obtained_on: object, file_name: str
) -> dict[str, Any]:
    """A source list's data from what an import read: its medicines, the file's name, and what was not used."""
    unread = [f"{u.what}: {u.why}" for u in (*found.unread, *found.left_out)]
    return {
        "kind": kind,
        "provided_by": provided_by,
        "obtained_on": obtained_on,
        "medications": [m.model_dump() for m in found.medications],
        "imported_from": file_name,
        "unread": unread,
    }


def remove_source(
    session: Session, patient_id: int, session_id: int, source_id: int, reason: str
) -> ReconciliationView:
    """A source list added by mistake leaves the session (kept on record as entered in error)."""
    why = entered_in_error_reason(reason, "source list")

    def work(conn: Connection, record: SessionRecord) -> None:
        if reconciliations_repo.source_session(conn, source_id) != record.id:
            raise ValidationFailed("That source list belongs to another reconciliation.")
        reconciliations_repo.remove_source(conn, source_id, why, session.user.username)

    return _write(session, "reconciliation.source_remove", patient_id, session_id, work)


_OPTIONAL_TEXT: TypeAdapter[str | None] = TypeAdapter(OptionalText)


def _optional_text(value: str | None, what: str) -> str | None:
    try:
        return _OPTIONAL_TEXT.validate_python(value)
    except ValidationError:
        raise ValidationFailed(f"Check the {what}: remove special characters.") from None


def set_interview_not_done(
    session: Session, patient_id: int, session_id: int, reason: str | None
) -> ReconciliationView:
    """Why the patient or caregiver interview could not be done (None: it can be done after all)."""
    why = _optional_text(reason, "reason")

    def work(conn: Connection, record: SessionRecord) -> None:
        reconciliations_repo.update_session(
            conn, record.id, {"interview_not_done_reason": why}, session.user.username
        )

    return _write(session, "reconciliation.interview_not_done", patient_id, session_id, work)


# -- lines, warnings, checklist -------------------------------------------------------------------------
def decide(
    session: Session, patient_id: int, session_id: int, line_key: str, data: dict[str, Any]
) -> ReconciliationView:
    """The decision on one comparison line (resolution, intent, reasons, new values, double-check)."""
    decision = _input(session, LineDecision, data, "The decision")

    def work(conn: Connection, record: SessionRecord) -> None:
        facts, _sources, _inputs = facts_of(conn, record)
        if line_key not in {line.key for line in facts.comparison.lines}:
            raise ValidationFailed("That line is no longer in the comparison; reopen the reconciliation.")
        reconciliations_repo.set_decision(
            conn, record.id, patient_id, line_key, decision, session.user.username
        )

    return _write(session, "reconciliation.decide", patient_id, session_id, work)


def _required_reason(value: str | None, message: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise ValidationFailed(message, {"reason": message})
    if len(cleaned) > 500:
        raise ValidationFailed("Use at most 500 characters.", {"reason": "Use at most 500 characters."})
    return cleaned


def acknowledge(
    session: Session, patient_id: int, session_id: int, key: str, reason: str
) -> ReconciliationView:
    """An interaction, duplication or allergy warning, acknowledged with the reason it stands."""
    why = _required_reason(
        reason, "Say why this warning is acceptable (e.g. prescriber aware, INR monitored)."
    )

    def work(conn: Connection, record: SessionRecord) -> None:
        facts, _sources, _inputs = facts_of(conn, record)
        if key not in {finding_key(f) for f in facts.warnings}:
            raise ValidationFailed("That warning is no longer raised; reopen the reconciliation.")
        reconciliations_repo.acknowledge(conn, record.id, patient_id, key, why, session.user.username)

    return _write(session, "reconciliation.acknowledge", patient_id, session_id, work)


def acknowledge_interactions_unavailable(
    session: Session, patient_id: int, session_id: int, reason: str
) -> ReconciliationView:
    """Signing while interaction checking could not run needs this, with how interactions were checked."""
    why = _required_reason(reason, "Say how interactions were checked instead (e.g. pharmacist reviewed).")

    def work(conn: Connection, record: SessionRecord) -> None:
        reconciliations_repo.update_session(
            conn, record.id, {"interactions_unavailable_ack": why}, session.user.username
        )

    return _write(session, "reconciliation.interactions_unavailable", patient_id, session_id, work)


def tick(
    session: Session, patient_id: int, session_id: int, item: ChecklistItem, done: bool
) -> ReconciliationView:
    """The nurse ticks (or unticks) a checklist item the data cannot prove. The patient copy and the copy
    sent on may be ticked after signing; nothing else on a signed session changes."""
    if not item.by_hand:
        raise ValidationFailed(
            f"“{item.label}” ticks itself from the reconciliation; it cannot be ticked by hand."
        )
    with session.audited_write(
        Permission.EDIT_MEDICATIONS,
        "reconciliation.tick",
        patient_id=patient_id,
        subject=f"reconciliation #{session_id}",
        detail={"item": item.value, "done": done},
        what="the checklist",
    ) as conn:
        record = own_session(conn, patient_id, session_id, in_progress=not item.after_sign_off)
        ticked = record.ticked | {item} if done else record.ticked - {item}
        reconciliations_repo.set_ticked(conn, record.id, ticked, session.user.username)
        return _view(conn, reconciliations_repo.get_session(conn, session_id))
