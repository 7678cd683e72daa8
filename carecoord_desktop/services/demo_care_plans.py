"""Demo care plans: more than one patient in four gets a plan made from the templates that fit their problems,
in every state a coordinator meets (current, due a review, revised with a reason, reviewed, copy given).

Patients are sampled across the whole panel (so across the alphabet); each plan is in the patient's language
(English or Spanish). Seeded: the same seed gives the same plans.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import Connection, func, select

from carecoord_desktop.domain.care_plan_templates import CarePlanTemplate
from carecoord_desktop.domain.care_plans import (
    CarePlan,
    GoalAchievement,
    GoalProgress,
    PlanProblem,
    PlanStatus,
    add_months,
    describe_changes,
    from_templates,
)
from carecoord_desktop.services import care_plans
from carecoord_desktop.services.care_plan_templates import ensure_defaults
from carecoord_desktop.services.patient_records import read_patient
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import care_plan_templates_repo, care_plans_repo, referrals_repo
from carecoord_desktop.storage.schema import patients

SHARE: Final = 0.27  # of every patient in the vault: "at least one in four"
_FALLBACK: Final = ("hypertension", "diabetes", "heart_failure", "copd", "depression")
_WALKING: Final = {
    "en": {
        "description": "Walk a little more each week",
        "measure": "Minutes of walking a week",
        "target": "90",
    },
    "es": {
        "description": "Caminar un poco más cada semana",
        "measure": "Minutos de caminar por semana",
        "target": "90",
    },
}
_REASONS: Final = (
    "After the hospital stay: new weight goal and weekly calls.",
    "Blood sugar at goal: calls every 3 months instead of monthly.",
    "New shortness of breath: added a lung doctor visit.",
    "Patient asked for help with rides to appointments.",
)


def _draft(
    rng: random.Random,
    templates: list[CarePlanTemplate],
    patient: Any,
    written_on: date,
    *,
    any_template: bool,
) -> dict[str, Any] | None:
    """A draft from the templates that fit the patient's problems; None when none fits, unless `any_template`
    (only to reach the demo's share when too few patients have a condition with a template)."""
    problems = [p for p in patient.clinical.problems if p.status.is_current]
    fitting = [t for t in templates if t.fits([p.code for p in problems], [p.text for p in problems])]
    if not fitting and not any_template:
        return None
    fallback = rng.choice(_FALLBACK)
    chosen = fitting[:2] or [t for t in templates if t.key == fallback][:1] or templates[:1]
    language = "es" if patient.preferred_language.split("-")[0] == "es" else "en"
    texts = [(t.key, t.in_language(language), t.review_every_months) for t in chosen]
    current = tuple(PlanProblem(text=p.text, code=p.code) for p in problems)
    draft = from_templates(texts, written_on, language, current)
    staff = patient.coordinator_id or patient.pcp_id
    for item in draft["interventions"]:
        who = item["responsible"]
        if who["kind"] == "staff":
            pick = patient.pcp_id if who["role"] in ("pcp", "specialist") and patient.pcp_id else staff
            if pick is None:
                who["kind"] = "patient"
            else:
                who["staff_id"] = pick
    return draft


def _add(session: Session, conn: Connection, patient_id: int, plan: CarePlan, **extra: Any) -> int:
    named = care_plans.with_names(conn, patient_id, plan)
    return care_plans_repo.add(conn, patient_id, named, session.user.username, **extra)


def _one(
    session: Session,
    conn: Connection,
    rng: random.Random,
    templates: list[CarePlanTemplate],
    patient_id: int,
    *,
    any_template: bool = False,
) -> bool:
    """A plan in one of the states for this patient; False (and nothing written) when no template fits."""
    today = session.clock.today()
    patient = read_patient(conn, patient_id)
    state = rng.random()
    written_on = today - timedelta(days=rng.randrange(20, 300))
    draft = _draft(rng, templates, patient, written_on, any_template=any_template)
    if draft is None:
        return False
    months = int(draft["review_every_months"])
    if state < 0.2:  # due a review: the review date has passed
        draft["next_review_on"] = today - timedelta(days=rng.randrange(0, 45))
    else:
        draft["next_review_on"] = max(
            add_months(written_on, months), today + timedelta(days=rng.randrange(5, 150))
        )
    plan = CarePlan.model_validate(draft)
    copy = written_on + timedelta(days=rng.randrange(0, 5)) if rng.random() < 0.7 else None
    plan_id = _add(session, conn, patient_id, plan, copy_given_on=copy)
    record = care_plans_repo.get(conn, plan_id)
    if 0.2 <= state < 0.45:  # revised: a second version with what changed
        data = plan.model_dump(mode="json")
        data["goals"] = [*data["goals"][:-1], _WALKING[plan.language]]
        revised = CarePlan.model_validate(data)
        reason = rng.choice(_REASONS)
        care_plans_repo.set_status(conn, plan_id, PlanStatus.SUPERSEDED, session.user.username)
        changes = "\n".join([reason, *describe_changes(plan, revised)])
        plan_id = _add(session, conn, patient_id, revised, version=2, changes=changes, supersedes_id=plan_id)
        record = care_plans_repo.get(conn, plan_id)
    elif 0.45 <= state < 0.7 and record.plan.goals:  # reviewed once, on time
        reviewed_on = min(today, written_on + timedelta(days=rng.randrange(30, 90)))
        progress = [
            GoalProgress(goal=i, achievement=rng.choice(list(GoalAchievement)[:6]))
            for i in range(len(record.plan.goals))
        ]
        care_plans_repo.add_review(
            conn,
            record,
            reviewed_on,
            session.user.full_name,
            progress,
            "Reviewed with the patient by phone.",
            record.plan.next_review_on,
            session.user.username,
        )
    care_plans.sync_due_items(session, conn, record)
    return True


def fill(session: Session, rng: random.Random, *, share: float = SHARE) -> int:
    """Care plans for `share` of all the vault's patients (drawn from the active ones); returns how many."""
    session.require(Permission.MANAGE_STAFF, "demo.fill")
    with session.audited_write(Permission.MANAGE_STAFF, "demo.add_care_plans") as conn:
        ensure_defaults(session, conn)
        templates = [t for t, active in care_plan_templates_repo.listing(conn) if active]
        total = int(conn.execute(select(func.count()).select_from(patients)).scalar_one())
        owners = {row[0] for row in referrals_repo.patient_owners(conn)}
        by_name = conn.execute(select(patients.c.id).order_by(patients.c.sort_name, patients.c.id)).scalars()
        active = [i for i in by_name if i in owners]
        count = min(len(active), math.ceil(total * min(share, 1.0)))
        # evenly through the alphabet (every k-th by name, from a random start), not clustered by chance
        step = len(active) / count if count else 1.0
        start = rng.random() * step
        positions = sorted({min(len(active) - 1, int(start + i * step)) for i in range(count)})
        # A patient without a condition a template covers gives their place to the next one by name who has one
        # (a COPD plan for a patient without COPD would teach the wrong thing), looking no further than the next
        # pick so the plans stay spread; only where nobody in between fits does a common template stand in.
        made: list[int] = []
        for index, position in enumerate(positions):
            stop = positions[index + 1] if index + 1 < len(positions) else len(active)
            found = next((p for p in active[position:stop] if _one(session, conn, rng, templates, p)), None)
            if found is None:
                found = active[position]
                _one(session, conn, rng, templates, found, any_template=True)
            made.append(found)
    return len(made)
