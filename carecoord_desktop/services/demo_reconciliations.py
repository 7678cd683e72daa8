"""Demo reconciliations: patients discharged in the last month with a medication list get a post-discharge
reconciliation linked to their stay, with the interview and the hospital's discharge list as sources (the
discharge list changes a dose and adds a medicine; the patient also takes something over the counter). Those
discharged a week or more ago are signed by the demo nurse, which makes the reconciled list current and meets
the stay's TCM reconciliation; the more recent ones are in progress, some lines decided. Seeded.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Final

from sqlalchemy import Connection, select

from carecoord_desktop.domain.med_comparison import SourceKind
from carecoord_desktop.domain.medication_records import MedicationRecord
from carecoord_desktop.domain.medications import Medication, MedicationKind
from carecoord_desktop.domain.reconciliation import (
    ChecklistItem,
    Intent,
    LineDecision,
    ReconciliationReason,
    Resolution,
    SessionStart,
    SourceEntry,
    finding_key,
    sign_off_blockers,
)
from carecoord_desktop.domain.reconciliation_outcome import outcome
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import due_items, reconciliation, transitions
from carecoord_desktop.services.demo_accounts import DEMO_ACCOUNTS
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import medications_repo, reconciliations_repo, transitions_repo
from carecoord_desktop.storage.schema import transition_stays

MOST: Final = 60  # sessions at most: enough to see both kinds on the panel and the charts
SIGNED_AFTER_DAYS: Final = 7
_OTC: Final = Medication(
    display="Acetaminophen 500 mg tablet",
    ingredients=["acetaminophen"],
    dose="1 to 2 tablets",
    route="by mouth",
    frequency_text="up to 3 times a day",
    prn=True,
    prn_reason="pain",
    kind=MedicationKind.OTC,
)
_STARTED: Final = Medication(
    display="Furosemide 40 mg tablet",
    ingredients=["furosemide"],
    dose="1 tablet",
    route="by mouth",
    frequency_text="every morning",
    indication="fluid (heart failure)",
)


def _recent_stays(conn: Connection, since: date) -> list[tuple[int, int, date]]:
    """(patient, stay, discharge) of current qualifying stays discharged on or after `since`."""
    rows = conn.execute(
        select(transition_stays.c.id)
        .where(
            transition_stays.c.discharged_on >= since, transition_stays.c.entered_in_error_reason.is_(None)
        )
        .order_by(transition_stays.c.id)
    )
    found = []
    for (stay_id,) in rows:
        record = transitions_repo.get(conn, stay_id)
        if record.stay.qualification.qualifies:
            found.append((record.patient_id, record.id, record.stay.discharged_on))
    return found


def _sources(current: list[MedicationRecord], rng: random.Random, discharged: date) -> list[SourceEntry]:
    """The interview (one medicine forgotten, an OTC remembered) and the discharge list (a dose changed, a
    medicine started)."""
    medicines = [r.medication for r in current]
    forgotten = rng.randrange(len(medicines))
    told = [m for i, m in enumerate(medicines) if i != forgotten] + [_OTC]
    changed = rng.randrange(len(medicines))
    hospital = [
        m.model_copy(update={"dose": "2 tablets"}) if i == changed else m for i, m in enumerate(medicines)
    ] + [_STARTED]
    return [
        SourceEntry(
            kind=SourceKind.INTERVIEW,
            provided_by="The patient",
            obtained_on=discharged,
            medications=tuple(told),
        ),
        SourceEntry(
            kind=SourceKind.HOSPITAL_DISCHARGE,
            provided_by=rng.choice(("Riverside General Hospital", "Mercy General Hospital")),
            obtained_on=discharged,
            medications=tuple(hospital),
        ),
    ]


def _decide_all(
    conn: Connection, record_id: int, patient_id: int, actor: str, share: float, rng: random.Random
) -> None:
    facts, _sources, _inputs = reconciliation.facts_of(
        conn, reconciliations_repo.get_session(conn, record_id)
    )
    for line in facts.comparison.lines:
        if rng.random() > share:
            continue
        started = line.current is None and any(
            m is not None and m.ingredients == _STARTED.ingredients for m in line.by_source.values()
        )
        decision = LineDecision(
            resolution=Resolution.NEW if started else Resolution.CONTINUE,
            intent=Intent.INTENTIONAL_DOCUMENTED if line.discrepancies else None,
            reason="Started in hospital (discharge summary)" if started else None,
            double_checked=line.high_alert,
        )
        reconciliations_repo.set_decision(conn, record_id, patient_id, line.key, decision, actor)
    for warning in facts.warnings:
        reason = "Reviewed with the prescriber; monitoring in place"
        reconciliations_repo.acknowledge(conn, record_id, patient_id, finding_key(warning), reason, actor)


def _sign(session: Session, conn: Connection, record_id: int, stay_id: int, signed_on: date) -> bool:
    """Signed by the demo nurse as the service would: the list made current, the due items done."""
    record = reconciliations_repo.get_session(conn, record_id)
    facts, _sources, inputs = reconciliation.facts_of(conn, record)
    if sign_off_blockers(facts):
        return False
    nurse = next(a for a in DEMO_ACCOUNTS if a.username == "nurse")
    result = outcome(
        facts,
        today=signed_on,
        discharged_on=record.discharged_on,
        signed_at=f"{signed_on.isoformat()}T15:00:00.000000Z",
        signed_by=nurse.username,
        signed_by_name=nurse.full_name,
        corrects_id=None,
    )
    actor = session.user.username
    unused = list(inputs.current)
    lines = []
    for line in result.lines:
        match = next((r for r in unused if line.current is not None and r.medication == line.current), None)
        if match is not None:
            unused.remove(match)
            if match.medication != line.result:
                medications_repo.update(conn, match.id, line.result, actor)
            entry_id = match.id
        else:
            entry_id = medications_repo.add(conn, record.patient_id, line.result, actor)
        lines.append(line.model_copy(update={"medication_id": entry_id}))
    reconciliations_repo.sign(conn, record_id, result.model_copy(update={"lines": tuple(lines)}), actor)
    due_items.complete(
        session,
        conn,
        kind=reconciliation.DUE_KIND,
        source_table=reconciliation.SOURCE_TABLE,
        source_id=record_id,
    )
    transitions_repo.set_met(conn, stay_id, ClockKind.MED_REC, signed_on, actor)
    transitions.sync_due_items(session, conn, transitions_repo.get(conn, stay_id))
    return True


def fill(session: Session, rng: random.Random, *, most: int = MOST) -> tuple[int, int]:
    """Reconciliations for recently discharged patients with a list; returns (signed, in progress)."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    today = session.clock.today()
    actor = session.user.username
    signed = in_progress = 0
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_reconciliations") as conn:
        for patient_id, stay_id, discharged in _recent_stays(conn, today - timedelta(days=30))[:most]:
            current = medications_repo.for_patient(conn, patient_id)
            if not current or reconciliations_repo.for_patient(conn, patient_id):
                continue
            start = SessionStart(
                reason=ReconciliationReason.POST_DISCHARGE, discharged_on=discharged, stay_id=stay_id
            )
            record_id = reconciliations_repo.add_session(conn, patient_id, start, None, actor)
            for entry in _sources(current, rng, discharged):
                reconciliations_repo.add_source(conn, record_id, patient_id, entry, actor)
            reconciliation.set_due_item(session, conn, patient_id, record_id)
            done = (today - discharged).days >= SIGNED_AFTER_DAYS
            _decide_all(conn, record_id, patient_id, actor, 1.0 if done else 0.5, rng)
            if done:
                ticks = {ChecklistItem.IDENTIFIERS_ALLERGIES, ChecklistItem.DETAILS_COMPLETE}
                reconciliations_repo.set_ticked(conn, record_id, ticks, actor)
                signed_on = discharged + timedelta(days=rng.randrange(2, SIGNED_AFTER_DAYS))
                if _sign(session, conn, record_id, stay_id, signed_on):
                    signed += 1
                    continue
            in_progress += 1
    return signed, in_progress
