"""The TCM clocks worklist: due today first, then overdue, then coming up; one coordinator's patients only."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.domain.transitions import ClockKind
from carecoord_desktop.services import transitions, transitions_worklist
from tests.referral_practice import ReferralPractice, acting, build

TUESDAY = datetime(2026, 11, 24, 10, 0)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    made = build(vault_path)
    rosa, tom = made.patient_ids  # Rosa's coordinator is Nina; Tom has none
    with acting(vault_path, "nina", TUESDAY) as nurse:
        for patient, admitted, discharged in (
            (rosa, "2026-11-16", "2026-11-20"),
            (tom, "2026-11-12", "2026-11-17"),
        ):
            transitions.record_stay(
                nurse,
                patient,
                {
                    "kind": "inpatient",
                    "facility_name": "Mercy General Hospital",
                    "admitted_on": admitted,
                    "discharged_on": discharged,
                    "disposition": "home",
                },
            )
    return made


def test_due_today_first_then_overdue_then_by_date(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina", TUESDAY) as nurse:
        rows = transitions_worklist.open_clocks(nurse)
    assert [(r.patient_name, r.clock.value, r.due_on, r.status.value) for r in rows] == [
        ("Alvarez, Rosa", "contact", date(2026, 11, 24), "due_today"),  # Friday discharge: Tuesday
        ("Baker, Tom", "visit", date(2026, 11, 24), "due_today"),  # discharge + 7
        ("Baker, Tom", "contact", date(2026, 11, 19), "overdue"),
        ("Alvarez, Rosa", "visit", date(2026, 11, 27), "due"),
        ("Baker, Tom", "med_rec", date(2026, 12, 17), "due"),
        ("Alvarez, Rosa", "med_rec", date(2026, 12, 20), "due"),
    ]


def test_work_done_leaves_the_list_and_mine_only_keeps_my_patients(practice: ReferralPractice) -> None:
    rosa, _tom = practice.patient_ids
    with acting(practice.path, "nina", TUESDAY) as nurse:
        stay_id = transitions.list_stays(nurse, rosa)[0].id
        transitions.mark_done(nurse, rosa, stay_id, ClockKind.CONTACT)
        mine = transitions_worklist.open_clocks(nurse, mine_only=True)
    assert {(r.patient_name, r.clock.value) for r in mine} == {
        ("Alvarez, Rosa", "visit"),
        ("Alvarez, Rosa", "med_rec"),
    }


def test_the_front_desk_does_not_see_the_clocks(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred", TUESDAY) as desk, pytest.raises(PermissionDenied):
        transitions_worklist.open_clocks(desk)
