"""The demo practice: at least 1 patient in 10 has a recorded hospital stay, spread along the alphabet; the
stays long past leave no open TCM work behind, and each one's discharge packet prints."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.transitions import StayKind
from carecoord_desktop.services import (
    auth,
    demo_transitions,
    due_items,
    patient_panel,
    printing,
    synthetic_practice,
    transitions,
)
from carecoord_desktop.services.patient_panel import PanelQuery
from carecoord_desktop.services.patients import PanelFilter
from carecoord_desktop.services.printing import PrintRequest
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)


def test_one_patient_in_ten_has_a_stay_spread_along_the_alphabet(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 300, seed=7)
    demo_transitions.fill(admin, random.Random(7))
    added = demo_transitions.fill_history(admin, random.Random(7))
    assert demo_transitions.fill_history(admin, random.Random(7)) == 0  # already 1 in 10: nothing more
    auth.sign_out(admin)
    nurse = session_for(vault_path, "nina", NOW)
    try:
        everyone = patient_panel.panel_page(nurse, PanelQuery(PanelFilter(statuses=())), limit=1000)
        assert len(everyone) == 300
        with_stay: list[bool] = []
        past_stays = 0
        for row in everyone:  # in name order
            stays = [s for s in transitions.list_stays(nurse, row.id) if s.stay.kind is not StayKind.ED_VISIT]
            with_stay.append(bool(stays))
            for record in stays:
                if (nurse.clock.today() - record.stay.discharged_on).days > 30:
                    past_stays += 1
                    assert all(
                        not c.status.is_open for c in record.clocks(nurse.clock.today(), nurse.clock.calendar)
                    )
        assert past_stays == added > 0
        assert sum(with_stay) >= 30
        for third in range(3):  # A.., ..., ..Z: each third of the alphabetical panel has its share
            part = with_stay[third * 100 : (third + 1) * 100]
            assert sum(part) >= 8, (third, sum(part))
        # a stay long past opens no due item
        past_patient = next(
            row.id
            for row, has in zip(everyone, with_stay, strict=True)
            if has
            and all(
                (nurse.clock.today() - s.stay.discharged_on).days > 30
                for s in transitions.list_stays(nurse, row.id)
            )
        )
        assert not [
            i
            for i in due_items.open_items(nurse, past_patient)
            if i.item.kind.startswith(("tcm.", "transition."))
        ]
        doc = printing.prepare(nurse, PrintRequest("discharge_packet", past_patient, language="en"))
        assert doc.pages >= 4
    finally:
        auth.sign_out(nurse)
