"""The practice's high-alert list: default classes, edited in Admin, and the panel filter over current lists."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import high_alert, medications, patients
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.session import Session
from tests.referral_practice import ReferralPractice, acting, build

NOW = datetime(2026, 11, 23, 10, 0)
ON_HIGH_ALERT = PanelFilter(on_high_alert_medication=True)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    return build(vault_path)


def _on_filter(session: Session) -> list[str]:
    return [r.mrn for r in patients.panel_page(session, PanelQuery(filter=ON_HIGH_ALERT))]


def _give(session: Session, patient: int, name: str, ingredient: str) -> int:
    return medications.add_medication(session, patient, {"display": name, "ingredients": [ingredient]}).id


def test_the_default_list_finds_anticoagulants_and_insulins_on_current_lists(
    practice: ReferralPractice,
) -> None:
    rosa, tom = practice.patient_ids
    with acting(practice.path, "nina", NOW) as nurse:
        _give(nurse, tom, "Lisinopril 10 mg", "lisinopril")
        assert _on_filter(nurse) == []
        _give(nurse, tom, "Lantus", "insulin glargine")  # "insulin" names the whole family
        assert _on_filter(nurse) == ["R-0002"]
        warfarin = _give(nurse, rosa, "Coumadin 5 mg", "warfarin")
        assert sorted(_on_filter(nurse)) == ["R-0001", "R-0002"]
        assert patients.panel_count(nurse, ON_HIGH_ALERT) == 2
        medications.stop_medication(nurse, rosa, warfarin, reason="bleeding")
        assert _on_filter(nurse) == ["R-0002"]  # a stopped medicine no longer counts
        view = medications.chart_medications(nurse, tom)
        assert [e.record.medication.display for e in view.entries if e.record.id in view.high_alert] == [
            "Lantus"
        ]
        [lantus] = [e.record.id for e in view.entries if e.record.medication.display == "Lantus"]
        medications.hold_medication(nurse, tom, lantus, reason="surgery")
        assert _on_filter(nurse) == ["R-0002"]  # on hold is still on the list
        medications.mark_entered_in_error(nurse, tom, lantus, "wrong patient")
        assert _on_filter(nurse) == []


def test_the_practice_edits_its_list_in_admin(practice: ReferralPractice) -> None:
    rosa, tom = practice.patient_ids
    with acting(practice.path, "nina", NOW) as nurse:
        _give(nurse, rosa, "Coumadin 5 mg", "warfarin")
        _give(nurse, tom, "Lisinopril 10 mg", "lisinopril")
        with pytest.raises(PermissionDenied):
            high_alert.update_high_alert(nurse, ["opioids"], "")
    with acting(practice.path, "admin", NOW) as admin:
        shown = high_alert.high_alert_settings(admin)
        assert shown.problem is None
        chosen = {o.id for o in shown.options if o.chosen}
        assert {"anticoagulants", "insulins", "opioids", "digoxin", "methotrexate"} <= chosen
        assert any(o.id == "ace_inhibitors" and not o.chosen for o in shown.options)
        kept = sorted(chosen - {"anticoagulants"})
        updated = high_alert.update_high_alert(admin, kept, "Lisinopril, , potassium chloride")
        assert updated.ingredients == ("lisinopril", "potassium chloride")
        assert not next(o for o in updated.options if o.id == "anticoagulants").chosen
        with pytest.raises(ValidationFailed, match="not known"):
            high_alert.update_high_alert(admin, ["no_such_class"], "")
    with acting(practice.path, "nina", NOW) as nurse:
        assert _on_filter(nurse) == ["R-0002"]


def test_front_desk_cannot_filter_by_medicines(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred", NOW) as desk, pytest.raises(PermissionDenied):
        patients.panel_page(desk, PanelQuery(filter=ON_HIGH_ALERT))
