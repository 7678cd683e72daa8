"""The panel's readmission-risk column and filter: the band of the latest hospital stay, in SQL, clinical only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.services import patients, transitions
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import readmission_repo
from carecoord_desktop.storage.schema import meta
from carecoord_desktop.storage.schema import patients as patients_table
from tests.referral_practice import ReferralPractice, acting, build

NOW = datetime(2026, 11, 27, 10, 0)
ROSA_RISK = "High: LACE 12, HOSPITAL incomplete (discharged 11/20/2026)"


def stay(**changes: object) -> dict[str, Any]:
    return {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": "2026-11-14",
        "discharged_on": "2026-11-20",
        "admission_type": "emergent",
        "disposition": "home",
        "charlson_items": ["chf"],  # 2
        "ed_visits_6m": 2,  # L 7 days: 5, A: 3, C: 2, E: 2 -> LACE 12, high; HOSPITAL inputs missing
        **changes,
    }


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    made = build(vault_path)
    rosa, tom = made.patient_ids
    with acting(vault_path, "nina", NOW) as nurse:
        transitions.record_stay(nurse, rosa, stay())
        transitions.record_stay(
            nurse, rosa, stay(kind="ed_visit", admitted_on="2026-11-25", discharged_on="2026-11-25")
        )
        transitions.record_stay(
            nurse,
            tom,
            {
                "kind": "observation",
                "facility_name": "Mercy General Hospital",
                "admitted_on": "2026-11-24",
                "discharged_on": "2026-11-25",
                "disposition": "home",
            },
        )
    return made


def _risks(session: Session, **flt: Any) -> list[tuple[str, str | None]]:
    rows = patients.panel_page(session, PanelQuery(PanelFilter(**flt), sort="readmission", descending=True))
    return [(r.family_name, r.readmission_risk) for r in rows]


def test_the_latest_hospital_stay_sets_the_band_and_the_panel_filters_and_sorts_by_it(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina", NOW) as nurse:
        # Rosa's later ED visit is no hospital stay: her band is still the inpatient stay's.
        assert _risks(nurse) == [
            ("Alvarez", ROSA_RISK),
            ("Baker", "Not scorable yet: LACE incomplete, HOSPITAL incomplete (discharged 11/25/2026)"),
        ]
        assert _risks(nurse, readmission_ranks=(3,)) == [("Alvarez", ROSA_RISK)]
        assert [name for name, _ in _risks(nurse, readmission_ranks=(0,))] == ["Baker"]
        assert patients.panel_count(nurse, PanelFilter(readmission_ranks=(1, 2))) == 0
        tom_stay = transitions.list_stays(nurse, practice.patient_ids[1])[0]
        transitions.mark_entered_in_error(
            nurse, practice.patient_ids[1], tom_stay.id, "Another patient's stay"
        )
        assert _risks(nurse)[1] == ("Baker", None)


def test_the_front_desk_neither_sees_nor_filters_by_readmission_risk(practice: ReferralPractice) -> None:
    with acting(practice.path, "fred", NOW) as desk:
        rows = patients.panel_page(desk, PanelQuery(PanelFilter()))
        assert [r.readmission_risk for r in rows] == [None, None]
        with pytest.raises(PermissionDenied):
            patients.panel_page(desk, PanelQuery(PanelFilter(readmission_ranks=(3,))))
        with pytest.raises(PermissionDenied):
            patients.panel_page(desk, PanelQuery(sort="readmission"))


def test_stays_recorded_before_the_column_existed_are_filled_on_the_first_panel_read(
    practice: ReferralPractice,
) -> None:
    with acting(practice.path, "nina", NOW) as nurse:
        with nurse.vault.write() as conn:  # as migration 0013 leaves a vault that already had stays
            conn.execute(update(patients_table).values(readmission_rank=None, readmission_risk=None))
            conn.execute(
                insert(meta).values(
                    key=readmission_repo.PENDING_KEY,
                    value="yes",
                    created_at="x",
                    created_by="migration 0013",
                    updated_at="x",
                    updated_by="migration 0013",
                )
            )
        assert _risks(nurse)[0] == ("Alvarez", ROSA_RISK)
        with nurse.vault.read() as conn:
            assert not readmission_repo.pending(conn)
