"""Care plans: write one from templates, correct it, review it, revise it, record the copy given to the patient.

Every write is one audited transaction that keeps the patient's due items current: the plan's next review is
a due item ("Care plan review"), and so is each open intervention with a due date (until follow-ups land).
Who wrote, reviewed or gave what and when is stamped here from the session and the practice clock. The
responsible person's name comes from the staff list or the directory, never from the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.care_plan_templates import ResponsibleRole
from carecoord_desktop.domain.care_plans import (
    REVIEW_DUE_KIND,
    CarePlan,
    CarePlanRecord,
    GoalAchievement,
    GoalProgress,
    Intervention,
    PlanProblem,
    PlanStatus,
    Responsible,
    ResponsibleKind,
    Review,
    ReviewRecord,
    add_months,
    check_next_review,
    describe_changes,
    from_templates,
)
from carecoord_desktop.domain.errors import NotFound, ValidationFailed
from carecoord_desktop.domain.followups import FollowUp, FollowUpState, Serves
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.domain.validation import DEFAULT_RULES, field_errors, validation_failed
from carecoord_desktop.services import due_items, followups
from carecoord_desktop.services.care_plan_templates import ensure_defaults
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.patient_records import read_patient, staff_names
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import (
    care_plan_templates_repo,
    care_plans_repo,
    directory_repo,
    followups_repo,
    referrals_repo,
    staff_repo,
)
from carecoord_desktop.storage.schema import care_plans

SOURCE_TABLE = care_plans.name
REVIEW_LABEL = "Care plan review"
NOT_PLANNED = "No longer on the care plan"


@dataclass(frozen=True)
class ChartCarePlan:
    """What the chart's Care plan tab shows: the active plan, its earlier versions, and the reviews."""

    active: CarePlanRecord | None
    earlier: list[CarePlanRecord]
    reviews: list[ReviewRecord]
    review_due: bool
    #: staff usernames as people read them ("nina" → "Nina Okafor"), for who wrote each version
    names: dict[str, str]


_ITEM_NAMES = {
    "goals": "goal",
    "interventions": "intervention",
    "problems": "problem",
    "community_services": "community service",
    "coordination": "coordination entry",
}


def _where(path: str) -> str:
    """A form path as a person counts it: "interventions.1.frequency" → "intervention 2"."""
    parts = path.split(".")
    if len(parts) > 1 and parts[0] in _ITEM_NAMES and parts[1].isdigit():
        return f"{_ITEM_NAMES[parts[0]]} {int(parts[1]) + 1}"
    return parts[0].replace("_", " ")


def _validated(session: Session, data: dict[str, Any]) -> CarePlan:
    try:
        return CarePlan.model_validate(data, context=DEFAULT_RULES.for_input(session.clock.today()).context())
    except ValidationError as exc:
        fields = field_errors(exc)
        path, message = next(iter(fields.items()))
        raise ValidationFailed(f"Check {_where(path)} of the care plan: {message}.", fields) from None


def with_names(conn: Connection, patient_id: int, plan: CarePlan) -> CarePlan:
    """Responsible people and coordination named from the staff list and the directory; a referral must be
    this patient's."""
    staff = staff_names(conn)
    interventions = []
    for index, item in enumerate(plan.interventions):
        who = item.responsible
        if who.kind is ResponsibleKind.STAFF:
            assert who.staff_id is not None
            if who.staff_id not in staff:
                message = "Choose the responsible staff member from the list again."
                raise ValidationFailed(message, {f"interventions.{index}.responsible": message})
            who = who.model_copy(update={"name": staff[who.staff_id], "directory_id": None})
        elif who.kind is ResponsibleKind.OUTSIDE and who.directory_id is not None:
            if not directory_repo.exists(conn, who.directory_id):
                message = "Choose the outside provider from the directory again."
                raise ValidationFailed(message, {f"interventions.{index}.responsible": message})
            name = directory_repo.names(conn, [who.directory_id])[who.directory_id]
            who = who.model_copy(update={"name": name, "staff_id": None})
        elif who.kind is ResponsibleKind.PATIENT:
            who = Responsible(kind=ResponsibleKind.PATIENT, role=who.role)
        interventions.append(item.model_copy(update={"responsible": who}))
    coordination = []
    for index, entry in enumerate(plan.coordination):
        if entry.referral_id is not None:
            try:
                owner = int(referrals_repo.get(conn, entry.referral_id)["patient_id"])
            except NotFound:
                owner = -1
            if owner != patient_id:
                message = "That referral is not on this patient's chart."
                raise ValidationFailed(message, {f"coordination.{index}.referral_id": message})
        if entry.directory_id is not None and directory_repo.exists(conn, entry.directory_id):
            name = directory_repo.names(conn, [entry.directory_id])[entry.directory_id]
            entry = entry.model_copy(update={"provider": name})
        coordination.append(entry)
    return plan.model_copy(
        update={"interventions": tuple(interventions), "coordination": tuple(coordination)}
    )


def _check_review_date(plan: CarePlan, today: date) -> None:
    problem = check_next_review(plan, today)
    if problem:
        raise ValidationFailed(problem, {"next_review_on": problem})


def _close_due_items(session: Session, conn: Connection, record: CarePlanRecord) -> None:
    due_items.complete(session, conn, kind=REVIEW_DUE_KIND, source_table=SOURCE_TABLE, source_id=record.id)


def _follow_up(intervention: Intervention, plan_id: int, today: date) -> FollowUp:
    """An intervention's due date as a follow-up serving the plan: owned by its staff member, else by the
    coordinators (an outside provider's or the patient's own step is theirs to check)."""
    assert intervention.due_on is not None
    who = intervention.responsible
    staff_id = who.staff_id if who.kind is ResponsibleKind.STAFF else None
    return FollowUp(
        reason=intervention.description[:200],
        due_from=min(today, intervention.due_on),
        due_to=intervention.due_on,
        owner_role=None if staff_id is not None else Role.NURSE_COORDINATOR,
        owner_staff_id=staff_id,
        serves=Serves.CARE_PLAN,
        serves_id=plan_id,
        note="From the care plan",
    )


def _sync_follow_ups(session: Session, conn: Connection, record: CarePlanRecord) -> None:
    """Each open intervention with a due date has one open follow-up (services/followups.py): those already
    there stay, whichever version of the plan made them (a booked one keeps its booking across a revision),
    those no longer planned are cancelled, the new ones are added. Matched by what and by when."""
    wanted: dict[tuple[str, date], Intervention] = {}
    if record.status is PlanStatus.ACTIVE and record.entered_in_error is None:
        for intervention in record.plan.interventions:
            if intervention.due_on is not None and intervention.status.is_open:
                wanted[(intervention.description[:200], intervention.due_on)] = intervention
    for version in care_plans_repo.for_patient(conn, record.patient_id):
        for existing in followups_repo.for_serves(conn, Serves.CARE_PLAN.value, version.id):
            if not existing.state.is_open:
                continue
            key = (existing.follow_up.reason, existing.follow_up.due_to)
            if key in wanted:
                del wanted[key]
            else:
                followups.move(session, conn, existing, FollowUpState.CANCELLED, reason=NOT_PLANNED)
    for intervention in wanted.values():
        followups.add(
            session, conn, record.patient_id, _follow_up(intervention, record.id, session.clock.today())
        )


def sync_due_items(session: Session, conn: Connection, record: CarePlanRecord) -> None:
    """The next review as a due item, and the interventions' due dates as follow-ups; closed when the plan is
    no longer the current one."""
    _close_due_items(session, conn, record)
    _sync_follow_ups(session, conn, record)
    if record.status is not PlanStatus.ACTIVE or record.entered_in_error is not None:
        return
    item = DueItem(REVIEW_DUE_KIND, SOURCE_TABLE, record.id, record.plan.next_review_on, REVIEW_LABEL)
    due_items.set_due(session, conn, record.patient_id, item)


def _own_active(conn: Connection, patient_id: int, plan_id: int) -> CarePlanRecord:
    record = care_plans_repo.get(conn, plan_id)
    if record.patient_id != patient_id:
        raise ValidationFailed("That care plan belongs to another patient's chart.")
    if record.entered_in_error is not None or record.status is not PlanStatus.ACTIVE:
        raise ValidationFailed(
            "That version of the care plan is no longer the current one; reopen the chart."
        )
    return record


# -- reading ---------------------------------------------------------------------------------------------
def for_chart(session: Session, patient_id: int) -> ChartCarePlan:
    """The patient's care plan as the chart shows it (an audited view)."""
    today = session.clock.today()

    def read(conn: Connection) -> ChartCarePlan:
        every = [r for r in care_plans_repo.for_patient(conn, patient_id) if r.entered_in_error is None]
        active = next((r for r in every if r.status is PlanStatus.ACTIVE), None)
        return ChartCarePlan(
            active=active,
            earlier=[r for r in every if r is not active],
            reviews=care_plans_repo.reviews(conn, patient_id),
            review_due=active is not None and active.review_due(today),
            names={row.username: row.full_name for row in staff_repo.all_rows(conn)},
        )

    return session.audited_read(Permission.VIEW_CARE_PLANS, "care_plan.view", read, patient_id=patient_id)


def draft_from_templates(
    session: Session, patient_id: int, keys: list[str], language: str = "en"
) -> dict[str, Any]:
    """A new plan's form, prefilled from the chosen templates and the chart's current problems (not saved).

    The plan copies the templates' text: a later template edit does not change it."""
    session.require(Permission.EDIT_CARE_PLANS, "care_plan.draft", patient_id=patient_id)
    today = session.clock.today()
    with session.vault.write("the care plan templates") as conn:
        ensure_defaults(session, conn)
        templates = [care_plan_templates_repo.get(conn, key) for key in keys]
        patient = read_patient(conn, patient_id)
    problems = patient.clinical.problems
    current = tuple(PlanProblem(text=p.text, code=p.code) for p in problems if p.status.is_current)
    texts = [(t.key, t.in_language(language), t.review_every_months) for t in templates]
    draft = from_templates(texts, today, language if language in ("en", "es") else "en", current)
    # The chart's own coordinator and PCP take their roles' interventions; the nurse chooses the rest.
    known = {
        ResponsibleRole.CARE_COORDINATOR.value: patient.coordinator_id,
        ResponsibleRole.PCP.value: patient.pcp_id,
    }
    for item in draft["interventions"]:
        who = item["responsible"]
        if who["kind"] == ResponsibleKind.STAFF.value and known.get(who["role"]):
            who["staff_id"] = known[who["role"]]
    return draft


# -- writing ---------------------------------------------------------------------------------------------
def create_plan(session: Session, patient_id: int, data: dict[str, Any]) -> CarePlanRecord:
    """The patient's first (or next, after one was ended) care plan; one active plan at a time."""
    plan = _validated(session, data)
    _check_review_date(plan, session.clock.today())
    with session.audited_write(
        Permission.EDIT_CARE_PLANS, "care_plan.create", patient_id=patient_id, what="the care plan"
    ) as conn:
        if care_plans_repo.active(conn, patient_id) is not None:
            raise ValidationFailed(
                "This patient already has a care plan: revise it instead of starting another."
            )
        plan = with_names(conn, patient_id, plan)
        plan_id = care_plans_repo.add(conn, patient_id, plan, session.user.username)
        record = care_plans_repo.get(conn, plan_id)
        sync_due_items(session, conn, record)
        return record


def correct_plan(session: Session, patient_id: int, plan_id: int, data: dict[str, Any]) -> CarePlanRecord:
    """Correct the current version in place (a typo, a detail); its earlier text is kept in history."""
    plan = _validated(session, data)
    with session.audited_write(
        Permission.EDIT_CARE_PLANS, "care_plan.correct", patient_id=patient_id, subject=f"plan #{plan_id}"
    ) as conn:
        record = _own_active(conn, patient_id, plan_id)
        if plan.next_review_on != record.plan.next_review_on:
            _check_review_date(plan, session.clock.today())
        plan = with_names(conn, patient_id, plan)
        care_plans_repo.update(conn, plan_id, plan, session.user.username)
        record = care_plans_repo.get(conn, plan_id)
        sync_due_items(session, conn, record)
        return record


def revise_plan(
    session: Session, patient_id: int, plan_id: int, data: dict[str, Any], reason: str
) -> CarePlanRecord:
    """A new version of the plan: the current one is kept (superseded), and the new one says what changed."""
    plan = _validated(session, data)
    why = " ".join(str(reason or "").split())
    if not why:
        message = "Say why the plan is revised, e.g. after a hospital stay."
        raise ValidationFailed(message, {"reason": message})
    if len(why) > 500:
        raise ValidationFailed(
            "Keep the reason under 500 characters.", {"reason": "Keep it under 500 characters."}
        )
    _check_review_date(plan, session.clock.today())
    with session.audited_write(
        Permission.EDIT_CARE_PLANS, "care_plan.revise", patient_id=patient_id, subject=f"plan #{plan_id}"
    ) as conn:
        before = _own_active(conn, patient_id, plan_id)
        plan = with_names(conn, patient_id, plan)
        changes = "\n".join([why, *describe_changes(before.plan, plan)])
        care_plans_repo.set_status(conn, before.id, PlanStatus.SUPERSEDED, session.user.username)
        new_id = care_plans_repo.add(
            conn,
            patient_id,
            plan,
            session.user.username,
            version=before.version + 1,
            changes=changes,
            supersedes_id=before.id,
        )
        record = care_plans_repo.get(conn, new_id)
        _close_due_items(session, conn, before)
        sync_due_items(session, conn, record)
        return record


def record_review(session: Session, patient_id: int, plan_id: int, data: dict[str, Any]) -> ReviewRecord:
    """A review today by the signed-in person: each goal's progress (its achievement status is updated on the
    plan) and the next review (default: the plan's interval from today)."""
    today = session.clock.today()
    try:
        review = Review.model_validate(data, context=DEFAULT_RULES.for_input(today).context())
    except ValidationError as exc:
        raise validation_failed(exc, "The review") from None
    with session.audited_write(
        Permission.EDIT_CARE_PLANS, "care_plan.review", patient_id=patient_id, subject=f"plan #{plan_id}"
    ) as conn:
        record = _own_active(conn, patient_id, plan_id)
        plan = record.plan
        goals = list(plan.goals)
        for progress in review.progress:
            if progress.goal >= len(goals):
                raise ValidationFailed("A goal in the review is no longer on the plan; reopen the chart.")
            goals[progress.goal] = goals[progress.goal].model_copy(
                update={"achievement": progress.achievement}
            )
        next_on = review.next_review_on or add_months(today, plan.review_every_months)
        updated = plan.model_copy(update={"goals": tuple(goals), "next_review_on": next_on})
        _check_review_date(updated, today)
        care_plans_repo.update(conn, plan_id, updated, session.user.username)
        review_id = care_plans_repo.add_review(
            conn,
            record,
            today,
            session.user.full_name,
            review.progress,
            review.note,
            next_on,
            session.user.username,
        )
        sync_due_items(session, conn, care_plans_repo.get(conn, plan_id))
        return next(r for r in care_plans_repo.reviews(conn, patient_id) if r.id == review_id)


def record_copy_given(
    session: Session, patient_id: int, plan_id: int, on: date | None = None
) -> CarePlanRecord:
    """The patient was given a copy of this version on `on` (default: the practice's today)."""
    today = session.clock.today()
    day = on or today
    if day > today:
        raise ValidationFailed(
            "The day the copy was given cannot be in the future.", {"copy_given_on": "Not in the future."}
        )
    with session.audited_write(
        Permission.EDIT_CARE_PLANS, "care_plan.copy_given", patient_id=patient_id, subject=f"plan #{plan_id}"
    ) as conn:
        _own_active(conn, patient_id, plan_id)
        care_plans_repo.set_copy_given(conn, plan_id, day, session.user.username)
        return care_plans_repo.get(conn, plan_id)


def mark_entered_in_error(session: Session, patient_id: int, plan_id: int, reason: str) -> CarePlanRecord:
    """A plan written on the wrong chart: kept on record, off the chart and its due items."""
    why = entered_in_error_reason(reason, "care plan")
    with session.audited_write(
        Permission.EDIT_CARE_PLANS,
        "care_plan.entered_in_error",
        patient_id=patient_id,
        subject=f"plan #{plan_id}",
    ) as conn:
        _own_active(conn, patient_id, plan_id)
        care_plans_repo.mark_entered_in_error(conn, plan_id, why, session.user.username)
        marked = care_plans_repo.get(conn, plan_id)
        sync_due_items(session, conn, marked)
        return marked


def review_due_patient_ids(session: Session) -> list[int]:
    """Patients whose active plan is due a review today or earlier (the panel filter, a batch print)."""
    session.require(Permission.VIEW_CARE_PLANS, "care_plan.review_due")
    with session.vault.read() as conn:
        return care_plans_repo.review_due_patients(conn, session.clock.today())


def progress_choices(record: CarePlanRecord) -> list[GoalProgress]:
    """Each open goal's current achievement status, as a review form starts."""
    return [
        GoalProgress(goal=index, achievement=goal.achievement or GoalAchievement.IN_PROGRESS)
        for index, goal in enumerate(record.plan.goals)
        if goal.lifecycle.is_open
    ]
