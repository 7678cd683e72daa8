"""The provider copy's snapshot, from a signed reconciliation's frozen outcome (printing.py builds it and
records the disclosure). Only a signed session has a provider copy; without a session number, the patient's
latest signed one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection

from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.med_rec import LineRow, ProviderCopy, SourceRow, WarningRow
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.reconciliation_outcome import SessionRecord
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reconciliation import own_session
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import reconciliations_repo
from carecoord_desktop.storage.clock import parse_utc


def provider_copy_snapshot(
    session: Session, chart: Chart, frame: FrameFacts, _clinical: bool, options: Mapping[str, Any]
) -> ProviderCopy:
    session_id = options.get("session_id")
    if session_id is not None and not isinstance(session_id, int):
        raise ValidationFailed("Choose the reconciliation to print by its number.")

    def read(conn: Connection) -> SessionRecord:
        if session_id is not None:
            return own_session(conn, chart.id, session_id, in_progress=False)
        signed = [r for r in reconciliations_repo.for_patient(conn, chart.id) if r.signed]
        if not signed:
            raise ValidationFailed("This patient has no signed reconciliation to print.")
        return signed[0]

    record = session.audited_read(
        Permission.VIEW_MEDICATIONS,
        "reconciliation.view",
        read,
        patient_id=chart.id,
        subject=f"reconciliation #{session_id}" if session_id is not None else "latest signed reconciliation",
    )
    outcome = record.outcome
    if outcome is None:
        raise ValidationFailed("Only a signed reconciliation has a provider copy: sign it first.")
    return ProviderCopy(
        frame=frame,
        session_id=record.id,
        reason=outcome.reason.value,
        discharged_on=outcome.discharged_on,
        corrects_id=outcome.corrects_id,
        sources=tuple(
            SourceRow(
                kind=s.kind.value,
                provided_by=s.provided_by,
                obtained_on=s.obtained_on,
                imported_from=s.imported_from,
            )
            for s in outcome.sources
        ),
        lines=tuple(
            LineRow(
                result=line.result.summary,
                before=line.current.summary if line.current else None,
                by_source=tuple(m.summary if m else None for m in line.sources),
                findings=tuple(f.explanation for f in line.findings),
                resolution=line.decision.resolution.value,
                mark=line.mark.value,
                intent=line.decision.intent.value if line.decision.intent else None,
                reason=line.decision.reason,
                hold_until=line.decision.hold_until,
                high_alert=line.high_alert,
                double_checked=line.decision.double_checked,
                question=line.decision.question,
                prescriber_response=line.decision.prescriber_response,
            )
            for line in outcome.lines
        ),
        warnings=tuple(
            WarningRow(explanation=w.explanation, source=w.source, acknowledged=w.acknowledged)
            for w in outcome.warnings
        ),
        interactions_checked=outcome.interactions_checked,
        interactions_unavailable_ack=outcome.interactions_unavailable_ack,
        interview_not_done_reason=outcome.interview_not_done_reason,
        allergies=tuple(a.substance for a in chart.patient.clinical.allergies),
        signed_by=outcome.signed_by_name,
        signed_at=session.clock.local(parse_utc(outcome.signed_at)),
    )
