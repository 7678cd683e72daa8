"""The coordinator's TCM clocks across the practice: due today first, then overdue, then coming up.

Each row is one open clock (contact, face-to-face visit, medication reconciliation) of a qualifying discharge,
read from the due items its stay keeps current; its status is computed against the practice's today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carecoord_desktop.domain.transitions import ClockKind, ClockStatus, StayKind, clock_status
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import transitions_worklist_repo


@dataclass(frozen=True)
class ClockRow:
    patient_id: int
    patient_name: str  # "Family, Given"
    mrn: str
    coordinator_name: str | None
    clock: ClockKind
    due_on: date
    status: ClockStatus
    stay_kind: StayKind
    facility_name: str
    discharged_on: date


def _order(row: ClockRow) -> tuple[int, date]:
    rank = {ClockStatus.DUE_TODAY: 0, ClockStatus.OVERDUE: 1}.get(row.status, 2)
    return rank, row.due_on


def open_clocks(session: Session, *, mine_only: bool = False) -> list[ClockRow]:
    """The open TCM clocks, due today first, then overdue (oldest first), then by due date."""
    today = session.clock.today()
    coordinator = session.user.id if mine_only else None
    found = session.audited_read(
        Permission.VIEW_TRANSITIONS,
        "transitions.worklist",
        lambda conn: transitions_worklist_repo.open_clocks(conn, coordinator_id=coordinator),
    )
    rows = [
        ClockRow(
            patient_id=r.patient_id,
            patient_name=f"{r.family_name}, {r.given_name}",
            mrn=r.mrn,
            coordinator_name=r.coordinator_name,
            clock=ClockKind(r.kind.removeprefix("tcm.")),
            due_on=r.due_on,
            status=clock_status(r.due_on, None, today),
            stay_kind=StayKind(r.stay_kind),
            facility_name=r.facility_name,
            discharged_on=r.discharged_on,
        )
        for r in found
    ]
    return sorted(rows, key=_order)
