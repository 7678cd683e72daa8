"""Signing a reconciliation (domain.md 1.6): every rule checked, the outcome frozen, the reconciled list made
the patient's current list, the due item completed and the linked stay's TCM reconciliation met, all in one
audited transaction. Only roles with SIGN_OFF_RECONCILIATION sign (nurse coordinators and providers).
"""

from __future__ import annotations

from sqlalchemy import Connection

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.medication_records import ListMarks, MedicationRecord, ReconciledLine
from carecoord_desktop.domain.reconciliation import sign_off_blockers
from carecoord_desktop.domain.reconciliation_outcome import OutcomeLine, SessionRecord, outcome
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import due_items, medications, transitions
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reconciliation import DUE_KIND, SOURCE_TABLE, facts_of, own_session
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import medications_repo, reconciliations_repo, transitions_repo
from carecoord_desktop.storage.clock import parse_utc


def _entry_ids(lines: tuple[OutcomeLine, ...], current: tuple[MedicationRecord, ...]) -> list[int | None]:
    """Which current entry each line replaces (None: a new entry), matched by the medicine as it was."""
    unused = list(current)
    ids: list[int | None] = []
    for line in lines:
        match = next((r for r in unused if line.current is not None and r.medication == line.current), None)
        if match is not None:
            unused.remove(match)
        ids.append(None if match is None else match.id)
    return ids


def _ids_after(
    lines: tuple[OutcomeLine, ...], before: list[int | None], entries: list[MedicationRecord]
) -> list[int | None]:
    """Each line's list entry once applied: its old entry, or the new entry holding its medicine."""
    known = {entry_id for entry_id in before if entry_id is not None}
    fresh = [e for e in entries if e.id not in known]
    ids: list[int | None] = []
    for line, entry_id in zip(lines, before, strict=True):
        if entry_id is None:
            match = next((e for e in fresh if e.medication == line.result), None)
            if match is not None:
                fresh.remove(match)
                entry_id = match.id
        ids.append(entry_id)
    return ids


def _meet_stay_clock(session: Session, conn: Connection, stay_id: int) -> None:
    """The linked stay's TCM medication reconciliation is met today, if it was still open."""
    stay = transitions_repo.get(conn, stay_id)
    today = session.clock.today()
    if (
        stay.entered_in_error is None
        and stay.stay.qualification.qualifies
        and ClockKind.MED_REC not in stay.met
        and today >= stay.stay.discharged_on
    ):
        transitions_repo.set_met(conn, stay_id, ClockKind.MED_REC, today, session.user.username)
        transitions.sync_due_items(session, conn, transitions_repo.get(conn, stay_id))


def sign_off(session: Session, patient_id: int, session_id: int) -> SessionRecord:
    """Sign the session: refused with every reason still standing, or done completely."""
    with session.audited_write(
        Permission.SIGN_OFF_RECONCILIATION,
        "reconciliation.sign",
        patient_id=patient_id,
        subject=f"reconciliation #{session_id}",
        what="the sign-off",
    ) as conn:
        record = own_session(conn, patient_id, session_id)
        facts, _sources, inputs = facts_of(conn, record)
        blockers = sign_off_blockers(facts)
        if blockers:
            more = f" ({len(blockers) - 1} more to do)" if len(blockers) > 1 else ""
            raise ValidationFailed(f"Not signed yet: {blockers[0]}{more}", {"blockers": "\n".join(blockers)})
        user = session.user
        result = outcome(
            facts,
            today=session.clock.today(),
            discharged_on=record.discharged_on,
            signed_at=session.clock.now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            signed_by=user.username,
            signed_by_name=user.full_name,
            corrects_id=record.corrects_id,
        )
        before = _entry_ids(result.lines, inputs.current)
        changes = [
            ReconciledLine(medication_id=entry_id, medication=line.result)
            for line, entry_id in zip(result.lines, before, strict=True)
        ]
        medications.apply_reconciled_list(session, conn, patient_id, changes)
        after = _ids_after(
            result.lines, before, medications_repo.for_patient(conn, patient_id, include_all=True)
        )
        result = result.model_copy(
            update={
                "lines": tuple(
                    line.model_copy(update={"medication_id": entry_id})
                    for line, entry_id in zip(result.lines, after, strict=True)
                )
            }
        )
        reconciliations_repo.sign(conn, session_id, result, user.username)
        due_items.complete(session, conn, kind=DUE_KIND, source_table=SOURCE_TABLE, source_id=session_id)
        if record.stay_id is not None:
            _meet_stay_clock(session, conn, record.stay_id)
        return reconciliations_repo.get_session(conn, session_id)


def latest_marks(session: Session, patient_id: int) -> ListMarks | None:
    """NEW / CHANGED / STOPPED / SAME with the reason, by medication entry, from the latest signed
    reconciliation (None when there is none): what the patient's medication list printout marks. Read
    inside the printout's own audited disclosure."""
    session.require(Permission.VIEW_MEDICATIONS, "reconciliation.marks", patient_id=patient_id)
    with session.vault.read() as conn:
        signed = [
            r.outcome for r in reconciliations_repo.for_patient(conn, patient_id) if r.outcome is not None
        ]
    if not signed:
        return None
    latest = signed[0]
    signed_on = session.clock.local(parse_utc(latest.signed_at)).date()
    return ListMarks(
        signed_on=signed_on,
        signed_by=latest.signed_by_name,
        marks={
            line.medication_id: (line.mark, line.mark_reason)
            for line in latest.lines
            if line.medication_id is not None
        },
    )
