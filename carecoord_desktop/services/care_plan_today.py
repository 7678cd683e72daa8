"""Care plans on a coordinator's Today: their patients' plans due a review within the week (and those
overdue), registered in services/today.py."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Final

from carecoord_desktop.domain.today import OpenKind, Opens, TodayRow, due_order, due_status
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import care_plans_repo

#: A review shows on Today from this many days before it is due (and until it is done).
REVIEW_HORIZON_DAYS: Final = 7
MOST_ROWS: Final = 200


def reviews_due(session: Session, today: date) -> list[TodayRow]:
    """A row opens the chart's Care plan tab."""
    session.require(Permission.VIEW_CARE_PLANS, "today.view")
    with session.vault.read() as conn:
        found = care_plans_repo.reviews_due(
            conn,
            coordinator_id=session.user.id,
            due_by=today + timedelta(days=REVIEW_HORIZON_DAYS),
            limit=MOST_ROWS,
        )
    rows = [
        TodayRow(
            source="care_plans",
            kind="Care plan review",
            due_on=r.next_review_on,
            status=due_status(r.next_review_on, today),
            what=f"Review “{json.loads(r.plan).get('title', 'the care plan')}” with the patient",
            patient_id=r.patient_id,
            patient_name=f"{r.family_name}, {r.given_name}",
            mrn=r.mrn,
            opens=Opens(OpenKind.CHART, section="care_plan"),
        )
        for r in found
    ]
    return sorted(rows, key=due_order)
