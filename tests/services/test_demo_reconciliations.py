"""Demo reconciliations: some signed (the list made current, the stay's reconciliation met), some in progress."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from carecoord_desktop.services import (
    auth,
    demo_medications,
    demo_reconciliations,
    demo_transitions,
    reconciliation,
    synthetic_practice,
)
from carecoord_desktop.services.med_list_document import latest_marks
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)


def test_the_demo_has_signed_and_unfinished_reconciliations_that_read_back(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 600, seed=5)
    demo_transitions.fill(admin, random.Random(5))
    demo_medications.fill(admin, random.Random(5), share=1.0)
    signed, in_progress = demo_reconciliations.fill(admin, random.Random(5))
    assert signed > 0 and in_progress > 0
    patient_ids = _patients_with_sessions(admin)
    auth.sign_out(admin)
    nurse = session_for(vault_path, "nina", NOW)
    try:
        seen = {"signed": 0, "in_progress": 0}
        for patient_id in patient_ids:
            record = reconciliation.sessions_for_patient(nurse, patient_id)[0]
            view = reconciliation.open_session(nurse, patient_id, record.id)
            assert len(view.sources) == 2 and record.stay_id is not None
            seen[record.status.value] += 1
            if record.signed:
                marks = latest_marks(nurse, patient_id)
                assert marks is not None and marks.signed_by == "Jordan Rivera RN" and marks.marks
            else:
                assert view.blockers, "an unfinished session says what is left"
        assert seen == {"signed": signed, "in_progress": in_progress}
    finally:
        auth.sign_out(nurse)


def _patients_with_sessions(admin: object) -> list[int]:
    from sqlalchemy import select

    from carecoord_desktop.storage.schema import med_reconciliations

    with admin.vault.read() as conn:  # type: ignore[attr-defined]
        return [row[0] for row in conn.execute(select(med_reconciliations.c.patient_id))]
