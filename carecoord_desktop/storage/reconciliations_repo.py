"""Reconciliation sessions, their source lists, line decisions and acknowledgements; the practice's own
interaction pairs. Sessions and decisions keep every earlier version in record_history; nothing is deleted
(a source added by mistake is marked entered-in-error)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import Connection, func, insert, or_, select, update

from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.domain.reconciliation import (
    ChecklistItem,
    LineDecision,
    Resolution,
    SessionStart,
    SessionStatus,
    SourceEntry,
)
from carecoord_desktop.domain.reconciliation_outcome import ReconciliationOutcome, SessionRecord, SourceRecord
from carecoord_desktop.domain.validation import DEFAULT_RULES
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.schema import (
    med_rec_acknowledgements,
    med_rec_decisions,
    med_rec_sources,
    med_reconciliations,
    patient_due_items,
    patients,
    practice_interaction_pairs,
)

_STORED: Final = DEFAULT_RULES.for_stored().context()
SOURCE_RECORDED: Final = "recorded"


def _unreadable(what: str, row_id: int) -> RecordUnreadable:
    return RecordUnreadable(
        f"{what} #{row_id} could not be read: it is damaged or was saved by a newer version of CareCoord."
    )


# -- sessions ---------------------------------------------------------------------------------------
def _session(row: Any) -> SessionRecord:
    try:
        return SessionRecord(
            id=row.id,
            patient_id=row.patient_id,
            status=SessionStatus(row.status),
            reason=row.reason,
            discharged_on=row.discharged_on,
            stay_id=row.stay_id,
            corrects_id=row.corrects_id,
            interview_not_done_reason=row.interview_not_done_reason,
            interactions_unavailable_ack=row.interactions_unavailable_ack,
            ticked=frozenset(ChecklistItem(code) for code in json.loads(row.checklist)),
            signed_at=row.signed_at,
            signed_by=row.signed_by,
            signed_by_name=row.signed_by_name,
            outcome=None
            if row.signed_record is None
            else ReconciliationOutcome.model_validate_json(row.signed_record, context=_STORED),
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise _unreadable("Reconciliation", row.id) from exc


def add_session(
    conn: Connection, patient_id: int, start: SessionStart, corrects_id: int | None, actor: str
) -> int:
    result = conn.execute(
        insert(med_reconciliations).values(
            patient_id=patient_id,
            status=SessionStatus.IN_PROGRESS.value,
            reason=start.reason.value,
            discharged_on=start.discharged_on,
            stay_id=start.stay_id,
            corrects_id=corrects_id,
            checklist="[]",
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def get_session(conn: Connection, session_id: int) -> SessionRecord:
    row = conn.execute(select(med_reconciliations).where(med_reconciliations.c.id == session_id)).first()
    if row is None:
        raise NotFound(f"There is no reconciliation #{session_id}.")
    return _session(row)


def for_patient(conn: Connection, patient_id: int) -> list[SessionRecord]:
    """The patient's sessions (not those entered in error), newest first."""
    rows = conn.execute(
        select(med_reconciliations)
        .where(
            med_reconciliations.c.patient_id == patient_id,
            med_reconciliations.c.entered_in_error_reason.is_(None),
        )
        .order_by(med_reconciliations.c.id.desc())
    )
    return [_session(row) for row in rows]


def update_session(conn: Connection, session_id: int, values: dict[str, Any], actor: str) -> None:
    history.versioned_update(conn, med_reconciliations, session_id, values, actor)


def set_ticked(conn: Connection, session_id: int, ticked: Iterable[ChecklistItem], actor: str) -> None:
    codes = sorted(item.value for item in ticked)
    update_session(conn, session_id, {"checklist": json.dumps(codes)}, actor)


def sign(conn: Connection, session_id: int, outcome: ReconciliationOutcome, actor: str) -> None:
    update_session(
        conn,
        session_id,
        {
            "status": SessionStatus.SIGNED.value,
            "signed_at": outcome.signed_at,
            "signed_by": outcome.signed_by,
            "signed_by_name": outcome.signed_by_name,
            "signed_record": outcome.model_dump_json(),
            "checklist": json.dumps(sorted(item.value for item in outcome.checklist)),
        },
        actor,
    )


def mark_entered_in_error(conn: Connection, session_id: int, reason: str, actor: str) -> None:
    update_session(conn, session_id, entered_in_error_values(reason, actor), actor)


# -- source lists -----------------------------------------------------------------------------------
def _source(row: Any) -> SourceRecord:
    try:
        entry = SourceEntry.model_validate(
            {
                "kind": row.kind,
                "provided_by": row.provided_by,
                "obtained_on": row.obtained_on,
                "medications": json.loads(row.medications),
                "imported_from": row.imported_from,
                "unread": json.loads(row.unread) if row.unread else [],
            },
            context=_STORED,
        )
        return SourceRecord(id=row.id, entry=entry, stamps=stamps_of(row))
    except (ValidationError, ValueError) as exc:
        raise _unreadable("Source list", row.id) from exc


def add_source(conn: Connection, session_id: int, patient_id: int, entry: SourceEntry, actor: str) -> int:
    result = conn.execute(
        insert(med_rec_sources).values(
            patient_id=patient_id,
            status=SOURCE_RECORDED,
            reconciliation_id=session_id,
            kind=entry.kind.value,
            provided_by=entry.provided_by,
            obtained_on=entry.obtained_on,
            medications=json.dumps(
                [m.model_dump(mode="json") for m in entry.medications], ensure_ascii=False
            ),
            imported_from=entry.imported_from,
            unread=json.dumps(list(entry.unread), ensure_ascii=False) if entry.unread else None,
            **new_stamps(actor),
        )
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def sources(conn: Connection, session_id: int) -> list[SourceRecord]:
    """The session's current source lists, in the order they were added."""
    rows = conn.execute(
        select(med_rec_sources)
        .where(
            med_rec_sources.c.reconciliation_id == session_id,
            med_rec_sources.c.entered_in_error_reason.is_(None),
        )
        .order_by(med_rec_sources.c.id)
    )
    return [_source(row) for row in rows]


def source_session(conn: Connection, source_id: int) -> int:
    found = conn.execute(
        select(med_rec_sources.c.reconciliation_id).where(med_rec_sources.c.id == source_id)
    ).scalar()
    if found is None:
        raise NotFound(f"There is no source list #{source_id}.")
    return int(found)


def remove_source(conn: Connection, source_id: int, reason: str, actor: str) -> None:
    history.versioned_update(conn, med_rec_sources, source_id, entered_in_error_values(reason, actor), actor)


# -- decisions and acknowledgements -----------------------------------------------------------------
def set_decision(
    conn: Connection, session_id: int, patient_id: int, line_key: str, decision: LineDecision, actor: str
) -> None:
    """The decision on one line, replacing the one before (kept in history)."""
    data = decision.model_dump_json()
    found = conn.execute(
        select(med_rec_decisions.c.id).where(
            med_rec_decisions.c.reconciliation_id == session_id, med_rec_decisions.c.line_key == line_key
        )
    ).scalar()
    if found is None:
        conn.execute(
            insert(med_rec_decisions).values(
                reconciliation_id=session_id,
                patient_id=patient_id,
                line_key=line_key,
                decision=data,
                **new_stamps(actor),
            )
        )
    else:
        history.versioned_update(conn, med_rec_decisions, int(found), {"decision": data}, actor)


def decisions(conn: Connection, session_id: int) -> dict[str, LineDecision]:
    rows = conn.execute(select(med_rec_decisions).where(med_rec_decisions.c.reconciliation_id == session_id))
    found = {}
    for row in rows:
        try:
            found[row.line_key] = LineDecision.model_validate_json(row.decision, context=_STORED)
        except ValidationError as exc:
            raise _unreadable("Line decision", row.id) from exc
    return found


def acknowledge(
    conn: Connection, session_id: int, patient_id: int, finding_key: str, reason: str, actor: str
) -> None:
    found = conn.execute(
        select(med_rec_acknowledgements.c.id).where(
            med_rec_acknowledgements.c.reconciliation_id == session_id,
            med_rec_acknowledgements.c.finding_key == finding_key,
        )
    ).scalar()
    if found is None:
        conn.execute(
            insert(med_rec_acknowledgements).values(
                reconciliation_id=session_id,
                patient_id=patient_id,
                finding_key=finding_key,
                reason=reason,
                **new_stamps(actor),
            )
        )
    else:
        history.versioned_update(conn, med_rec_acknowledgements, int(found), {"reason": reason}, actor)


def acknowledgements(conn: Connection, session_id: int) -> dict[str, str]:
    rows = conn.execute(
        select(med_rec_acknowledgements).where(med_rec_acknowledgements.c.reconciliation_id == session_id)
    )
    return {row.finding_key: row.reason for row in rows}


# -- the practice's own interaction pairs -----------------------------------------------------------
def add_pair(conn: Connection, first: str, second: str, explanation: str, actor: str) -> None:
    """A pair (ingredients in alphabetical order), or the same pair made active again with the new words."""
    a, b = sorted((first, second))
    now = utc_now()
    changed = conn.execute(
        update(practice_interaction_pairs)
        .where(practice_interaction_pairs.c.ingredient_a == a, practice_interaction_pairs.c.ingredient_b == b)
        .values(explanation=explanation, active=True, updated_at=now, updated_by=actor)
    ).rowcount
    if not changed:
        conn.execute(
            insert(practice_interaction_pairs).values(
                ingredient_a=a, ingredient_b=b, explanation=explanation, active=True, **new_stamps(actor)
            )
        )


def retire_pair(conn: Connection, pair_id: int, actor: str) -> bool:
    return bool(
        conn.execute(
            update(practice_interaction_pairs)
            .where(practice_interaction_pairs.c.id == pair_id)
            .values(active=False, updated_at=utc_now(), updated_by=actor)
        ).rowcount
    )


def active_pairs(conn: Connection) -> list[tuple[int, str, str, str, str]]:
    """(id, ingredient a, ingredient b, explanation, added by) of every active practice-added pair."""
    rows = conn.execute(
        select(practice_interaction_pairs)
        .where(practice_interaction_pairs.c.active.is_(True))
        .order_by(practice_interaction_pairs.c.ingredient_a, practice_interaction_pairs.c.ingredient_b)
    )
    return [(r.id, r.ingredient_a, r.ingredient_b, r.explanation, r.created_by) for r in rows]


def reconciliations_due(
    conn: Connection, *, kind: str, coordinator_id: int, due_by: date, limit: int
) -> list[tuple[Any, ...]]:
    """Open reconciliation due items due by `due_by`, of this coordinator's patients and of those nobody
    coordinates, earliest first (one query): patient id, names, MRN, due date, discharge date."""
    query = (
        select(
            patients.c.id,
            patients.c.family_name,
            patients.c.given_name,
            patients.c.mrn,
            patient_due_items.c.due_on,
            med_reconciliations.c.discharged_on,
        )
        .select_from(
            patient_due_items.join(patients, patients.c.id == patient_due_items.c.patient_id).join(
                med_reconciliations, med_reconciliations.c.id == patient_due_items.c.source_id
            )
        )
        .where(
            patient_due_items.c.kind == kind,
            patient_due_items.c.source_table == med_reconciliations.name,
            patient_due_items.c.done.is_(False),
            patient_due_items.c.due_on <= due_by,
            med_reconciliations.c.status == SessionStatus.IN_PROGRESS.value,
            med_reconciliations.c.entered_in_error_reason.is_(None),
            patients.c.status == "active",
            or_(patients.c.coordinator_id == coordinator_id, patients.c.coordinator_id.is_(None)),
        )
        .order_by(patient_due_items.c.due_on, patients.c.sort_name)
        .limit(limit)
    )
    return [tuple(row) for row in conn.execute(query)]


def open_clarifications(conn: Connection, *, limit: int) -> list[tuple[Any, ...]]:
    """Lines of sessions in progress waiting on a prescriber's answer (one query): patient id, names, MRN,
    the session's start (its first stamp), and the question asked."""
    decision = func.json_extract(med_rec_decisions.c.decision, "$.resolution")
    query = (
        select(
            patients.c.id,
            patients.c.family_name,
            patients.c.given_name,
            patients.c.mrn,
            med_rec_decisions.c.created_at,
            func.json_extract(med_rec_decisions.c.decision, "$.question"),
        )
        .select_from(
            med_rec_decisions.join(
                med_reconciliations, med_reconciliations.c.id == med_rec_decisions.c.reconciliation_id
            ).join(patients, patients.c.id == med_rec_decisions.c.patient_id)
        )
        .where(
            decision == Resolution.CLARIFY.value,
            med_reconciliations.c.status == SessionStatus.IN_PROGRESS.value,
            med_reconciliations.c.entered_in_error_reason.is_(None),
            patients.c.status == "active",
        )
        .order_by(med_rec_decisions.c.created_at, patients.c.sort_name)
        .limit(limit)
    )
    return [tuple(row) for row in conn.execute(query)]
