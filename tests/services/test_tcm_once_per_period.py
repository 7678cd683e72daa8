"""One TCM per patient per 30 days, through the services: a readmission inside an open period starts no
second clock and says why; when the first stay leaves the chart, the second becomes billable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import due_items, transitions
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build

NOW = datetime(2026, 11, 27, 10, 0)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def stay(admitted: str, discharged: str) -> dict[str, Any]:
    return {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": admitted,
        "discharged_on": discharged,
        "disposition": "home",
    }


def _open_tcm(session: Session, patient_id: int) -> dict[str, str]:
    return {
        i.item.kind: i.item.due_on.isoformat()
        for i in due_items.open_items(session, patient_id)
        if i.item.kind.startswith(("tcm.", "transition."))
    }


def test_a_readmission_inside_the_period_starts_no_second_clock(practice: ReferralPractice) -> None:
    rosa = practice.patient_ids[0]
    with acting(practice.path, "nina", NOW) as nurse:
        first = transitions.record_stay(nurse, rosa, stay("2026-11-01", "2026-11-05"))
        before = _open_tcm(nurse, rosa)
        second = transitions.record_stay(nurse, rosa, stay("2026-11-20", "2026-11-24"))
        assert second.clocks(NOW.date(), nurse.clock.calendar) == ()
        assert second.tcm_qualification.reason.startswith(
            "Inside the 30-day TCM period of the 11/05/2026 discharge (it ends 12/04/2026)"
        )
        assert _open_tcm(nurse, rosa) == before  # the first period's clocks only
        with pytest.raises(ValidationFailed, match="no second TCM clock"):
            transitions.mark_done(nurse, rosa, second.id, ClockKind.CONTACT)
        (shown,) = [s for s in transitions.stays_for_chart(nurse, rosa) if s.record.id == second.id]
        assert shown.record.within_period_of is not None and shown.tasks == []

        transitions.mark_entered_in_error(nurse, rosa, first.id, "Wrong patient's discharge")
        now_billable = transitions.list_stays(nurse, rosa)[0]
        assert now_billable.id == second.id and now_billable.tcm_qualification.qualifies
        opened = _open_tcm(nurse, rosa)
        assert opened["tcm.contact"] == "2026-11-27"  # 2 business days after Tuesday 11/24, past Thanksgiving
        assert "transition.task" in opened  # its checklist started


def test_an_earlier_discharge_entered_late_takes_the_period_over(practice: ReferralPractice) -> None:
    tom = practice.patient_ids[1]
    with acting(practice.path, "nina", NOW) as nurse:
        later = transitions.record_stay(nurse, tom, stay("2026-11-18", "2026-11-20"))
        assert _open_tcm(nurse, tom)["tcm.contact"] == "2026-11-24"
        transitions.record_stay(nurse, tom, stay("2026-11-08", "2026-11-10"))
        assert _open_tcm(nurse, tom)["tcm.contact"] == "2026-11-13"  # Veterans Day 11/11 is a holiday
        assert not transitions.list_stays(nurse, tom)[0].tcm_qualification.qualifies
        assert transitions.list_stays(nurse, tom)[0].id == later.id
