"""Demo medication lists: most patients have one, coded from the Synthea codes, with interacting pairs,
high-alert medicines, free-text entries, holds, stops and changes with history."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from carecoord_desktop.domain.medications import MedicationStatus
from carecoord_desktop.services import auth, demo_medications, medications, patients, synthetic_practice
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)


def test_demo_lists_are_realistic_and_readable(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 400, seed=3)
    made = demo_medications.fill(admin, random.Random(3))
    auth.sign_out(admin)
    nurse = session_for(vault_path, "nina", NOW)
    try:
        active = patients.panel_count(nurse, PanelFilter(statuses=("active",)))
        on_alert = patients.panel_count(nurse, PanelFilter(on_high_alert_medication=True))
        assert made > active and 0 < on_alert < active
        pairs, statuses, uncoded, changed = set(), set(), 0, 0
        for row in patients.panel_page(nurse, PanelQuery(filter=PanelFilter()), limit=500):
            entries = medications.chart_medications(nurse, row.id).entries
            current = {i for e in entries if e.record.is_current for i in e.record.medication.ingredients}
            for pair in (("warfarin", "naproxen"), ("digoxin", "verapamil"), ("oxycodone", "clonazepam")):
                if set(pair) <= current:
                    pairs.add(pair)
            statuses |= {e.record.status for e in entries}
            uncoded += sum(1 for e in entries if not e.record.medication.coded)
            changed += sum(1 for e in entries if e.versions)
    finally:
        auth.sign_out(nurse)
    assert len(pairs) >= 2  # interacting pairs on current lists
    assert statuses == set(MedicationStatus) and uncoded > 0 and changed > 0
