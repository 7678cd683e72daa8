"""Demo care plans: more than one patient in four, across the alphabet, in every state, from the templates."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from carecoord_desktop.domain.care_plans import PlanStatus
from carecoord_desktop.services import auth, care_plans, demo_care_plans, patients, synthetic_practice
from carecoord_desktop.services.patient_records import read_patient
from carecoord_desktop.services.patients import PanelFilter, PanelQuery
from carecoord_desktop.storage import care_plan_templates_repo, care_plans_repo
from carecoord_desktop.storage.schema import care_plans as care_plans_table
from tests.conftest import make_practice
from tests.referral_practice import fixed_clock, session_for

NOW = datetime(2026, 11, 18, 9)


def test_a_300_patient_demo_has_care_plans_in_every_state_across_the_alphabet(vault_path: Path) -> None:
    admin = make_practice(vault_path, synthetic=True)
    admin.clock = fixed_clock(NOW)
    synthetic_practice.fill(admin, 300, seed=3)
    made = demo_care_plans.fill(admin, random.Random(3))
    with admin.vault.read() as conn:  # a plan is for a condition the patient has (40 of 81 were not)
        templates = {t.key: t for t, _active in care_plan_templates_repo.listing(conn)}
        planned_ids = conn.execute(
            select(care_plans_table.c.patient_id).where(care_plans_table.c.status == "active")
        )
        fitting = 0
        for patient_id in planned_ids.scalars():
            plan, record = care_plans_repo.active(conn, patient_id), read_patient(conn, patient_id)
            current = [p for p in record.clinical.problems if p.status.is_current] if plan else []
            codes, texts = [p.code for p in current], [p.text for p in current]
            fitting += bool(plan) and any(templates[k].fits(codes, texts) for k in plan.plan.template_keys)
    assert fitting >= 0.9 * made
    auth.sign_out(admin)
    assert made >= 75  # at least one patient in four
    nurse = session_for(vault_path, "nina", NOW)
    try:
        rows = patients.panel_page(nurse, PanelQuery(PanelFilter()), limit=400)
        assert len(rows) == 300
        shown = {r.id: care_plans.for_chart(nurse, r.id) for r in rows}
        planned = [r for r in rows if shown[r.id].active is not None]
        assert len(planned) == made
        names = sorted(r.family_name.casefold() for r in rows if r.status == "active")
        chosen = sorted(r.family_name.casefold() for r in planned)
        for quarter in range(4):  # every quarter of the alphabetical panel has its share
            low, high = names[quarter * len(names) // 4], names[(quarter + 1) * len(names) // 4 - 1]
            assert sum(low <= name <= high for name in chosen) >= 0.2 * len(chosen)
        due = [p for p in shown.values() if p.review_due]
        revised = [p for p in shown.values() if p.active and p.active.version == 2]
        reviewed = [p for p in shown.values() if p.reviews]
        current = [p for p in shown.values() if p.active and not p.review_due and p.active.version == 1]
        assert due and revised and reviewed and current
        assert all(
            p.earlier[0].status is PlanStatus.SUPERSEDED and p.active and p.active.changes for p in revised
        )
        spanish = [p for p in shown.values() if p.active and p.active.plan.language == "es"]
        assert spanish and all(
            p.active and p.active.plan.title.startswith("Plan de cuidado") for p in spanish
        )
        assert len(care_plans.review_due_patient_ids(nurse)) == len(due)
        assert all(
            p.active and p.active.plan.goals and p.active.plan.call_911_if for p in shown.values() if p.active
        )
    finally:
        auth.sign_out(nurse)
