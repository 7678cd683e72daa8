"""Due items written inside a feature's write keep the panel's Next due current; overdue follows the clock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import auth, due_items, patients
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from tests.conftest import sign_in


def _row(session: Session, patient_id: int) -> patients.PanelRow:
    rows = patients.panel_page(session, PanelQuery(PanelFilter(), sort="next_due"), limit=10)
    return next(r for r in rows if r.id == patient_id)


def test_next_due_follows_due_items_and_overdue_follows_the_practice_clock(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    try:
        nina.clock = PracticeClock.fixed(datetime(2026, 11, 20, 9, 0))
        patient_id = patients.add_patient(
            nina,
            {
                "mrn": "DUE-001",
                "given_name": "Ada",
                "family_name": "Ng",
                "date_of_birth": "1950-01-01",
                "sex_at_birth": "female",
            },
        )
        with nina.audited_write(
            Permission.SCHEDULE_FOLLOW_UPS, "follow_up.add", patient_id=patient_id
        ) as conn:
            due_items.set_due(
                nina, conn, patient_id, DueItem("follow_up", "follow_ups", 7, date(2026, 11, 30), "Call back")
            )
            due_items.set_due(
                nina,
                conn,
                patient_id,
                DueItem("referral.report", "referrals", 3, date(2026, 11, 24), "Consult report"),
            )
        row = _row(nina, patient_id)
        assert (row.next_due_on, row.next_due_label, row.overdue) == (
            date(2026, 11, 24),
            "Consult report",
            False,
        )

        nina.clock = PracticeClock.fixed(datetime(2026, 11, 25, 9, 0))
        assert _row(nina, patient_id).overdue is True
        assert [i.overdue for i in due_items.open_items(nina, patient_id)] == [True, False]

        with nina.audited_write(Permission.EDIT_REFERRALS, "referral.report", patient_id=patient_id) as conn:
            assert due_items.complete(
                nina, conn, kind="referral.report", source_table="referrals", source_id=3
            )
            due_items.record_contact(nina, conn, patient_id)
        row = _row(nina, patient_id)
        assert (row.next_due_on, row.next_due_label, row.overdue) == (date(2026, 11, 30), "Call back", False)
        assert row.last_contact_on == date(2026, 11, 25)
    finally:
        auth.sign_out(nina)
