"""Medication reconciliation on Today (registered in services/today.py): a coordinator's reconciliations due
within the week (and overdue), and the medication questions waiting on a prescriber, for providers."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from carecoord_desktop.domain.today import OpenKind, Opens, TodayRow, due_order, due_status
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.reconciliation import DUE_KIND
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.today_sources import short_date
from carecoord_desktop.storage import reconciliations_repo

#: A reconciliation shows on Today from this many days before it is due (and until it is signed).
HORIZON_DAYS: Final = 7
MOST_ROWS: Final = 200
_OPENS: Final = Opens(OpenKind.CHART, section="medications")


def reconciliations_due(session: Session, today: date) -> list[TodayRow]:
    session.require(Permission.VIEW_MEDICATIONS, "today.view")
    with session.vault.read() as conn:
        found = reconciliations_repo.reconciliations_due(
            conn, kind=DUE_KIND, coordinator_id=session.user.id, due_by=today + timedelta(days=HORIZON_DAYS),
            limit=MOST_ROWS,
        )  # fmt: skip
    rows = [
        TodayRow(
            source="reconciliations",
            kind="Reconciliation",
            due_on=due_on,
            status=due_status(due_on, today),
            what="Reconcile the medicines"
            + (f" after the discharge of {short_date(discharged)}" if discharged else "")
            + " and sign off",
            patient_id=patient_id,
            patient_name=f"{family}, {given}",
            mrn=mrn,
            opens=_OPENS,
        )
        for patient_id, family, given, mrn, due_on, discharged in found
    ]
    return sorted(rows, key=due_order)


def medication_questions(session: Session, today: date) -> list[TodayRow]:
    """Open "clarify with the prescriber" lines: each blocks its reconciliation's sign-off until answered."""
    session.require(Permission.VIEW_MEDICATIONS, "today.view")
    with session.vault.read() as conn:
        found = reconciliations_repo.open_clarifications(conn, limit=MOST_ROWS)
    return [
        TodayRow(
            source="med_questions",
            kind="Medication question",
            due_on=today,
            status=due_status(today, today),
            what=f"Waiting on the prescriber: {question or 'a question about a medicine'}",
            patient_id=patient_id,
            patient_name=f"{family}, {given}",
            mrn=mrn,
            opens=_OPENS,
        )
        for patient_id, family, given, mrn, _asked, question in found
    ]
