"""A deceased patient is marked everywhere, shows age at death, and is never offered for outreach."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.services import due_items, patients
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from tests.conftest import sign_in

BORN = "1941-12-24"
DIED = date(2006, 3, 2)  # at 64


def add(session: Session, mrn: str, **extra: str) -> int:
    data = {"mrn": mrn, "given_name": "Laura", "family_name": "DiMarco", "date_of_birth": BORN}
    return patients.add_patient(session, {**data, "sex_at_birth": "female", **extra})


def schedule(session: Session, patient_id: int) -> None:
    with session.audited_write(
        Permission.SCHEDULE_FOLLOW_UPS, "follow_up.add", patient_id=patient_id
    ) as conn:
        due_items.set_due(
            session, conn, patient_id, DueItem("follow_up", "follow_ups", 1, date(2026, 12, 1), "Call back")
        )


def test_age_at_death_in_search_and_chart_and_no_outreach(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    try:
        nina.clock = PracticeClock.fixed(datetime(2026, 11, 20, 9, 0))
        dead = add(nina, "DEC-1", status="deceased", date_of_death=DIED.isoformat())
        row = next(r for r in patients.search_patients(nina, "dimarco laura") if r.id == dead)
        assert row.deceased and row.date_of_death == DIED
        chart = patients.open_chart(nina, dead)
        assert chart.patient.age_on(nina.clock.today()) == 64
        assert chart.patient.age_text(nina.clock.today()) == "died at 64"
        with pytest.raises(ValidationFailed, match="has died"):
            schedule(nina, dead)
    finally:
        nina.vault.close()


def test_marking_a_patient_deceased_closes_what_was_due(practice: Path) -> None:
    nina = sign_in(practice, "nina")
    try:
        nina.clock = PracticeClock.fixed(datetime(2026, 11, 20, 9, 0))
        alive = add(nina, "DEC-2")
        schedule(nina, alive)
        assert [i.item.label for i in due_items.open_items(nina, alive)] == ["Call back"]
        patients.update_patient(nina, alive, {"status": "deceased", "date_of_death": "2026-11-19"})
        assert due_items.open_items(nina, alive) == []
        row = next(r for r in patients.search_patients(nina, "DEC-2") if r.id == alive)
        assert row.next_due_on is None and row.date_of_death == date(2026, 11, 19)
    finally:
        nina.vault.close()
