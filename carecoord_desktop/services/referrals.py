"""Referrals: create, move through the state machine, re-route, log outreach; every change audited.

Who and when are stamped here from the session and the practice clock, never taken from a form. Moves the
front desk may make (logistics) need REFERRAL_LOGISTICS; the rest need EDIT_REFERRALS (domain/referrals.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.referral_forms import (
    ClinicalInfo,
    NewReferral,
    OutreachAttempt,
    OutreachTarget,
    from_chart,
)
from carecoord_desktop.domain.referrals import (
    LOGISTICS,
    ReferralState,
    ReferralTimers,
    TransitionRequest,
    Urgency,
    check_transition,
    next_action,
)
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.stored import entered_in_error_reason
from carecoord_desktop.services import appointments, due_items
from carecoord_desktop.services.due_items import DueItem
from carecoord_desktop.services.patient_records import read_patient
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.practice import validation_failed
from carecoord_desktop.services.referral_rules import timers_in
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import (
    contact_attempts_repo,
    directory_repo,
    medications_repo,
    patients_repo,
    referrals_repo,
)

__all__ = [
    "BulkResult",
    "bulk_transition",
    "chart_prefill",
    "create_referral",
    "log_outreach",
    "mark_entered_in_error",
    "permission_for",
    "reroute",
    "transition",
]

DUE_KIND = "referral"  # one due item per open referral: its next action
ERROR_NOTE = "Marked entered in error"  # the note of that event in the referral's log


def stamp(session: Session) -> str:
    """Now, from the practice clock, as stored (UTC ISO with a Z)."""
    return session.clock.now_utc().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def permission_for(target: ReferralState) -> Permission:
    return Permission.REFERRAL_LOGISTICS if target in LOGISTICS else Permission.EDIT_REFERRALS


def sync_due_item(session: Session, conn: Connection, referral: dict[str, Any]) -> None:
    """Mirror the referral's next action into the practice's due items, in the same transaction, so the
    panel's "Next due" and the Today lists show it; an ended referral's item is completed."""
    due_on = referral.get("next_action_due")
    if isinstance(due_on, str):
        due_on = date.fromisoformat(due_on)
    if ReferralState(referral["state"]).is_open and due_on is not None:
        label = f"Referral: {referral.get('next_action') or 'next step'}"[:60]
        item = DueItem(DUE_KIND, "referrals", int(referral["id"]), due_on, label)
        due_items.set_due(session, conn, int(referral["patient_id"]), item)
    else:
        due_items.complete(
            session, conn, kind=DUE_KIND, source_table="referrals", source_id=int(referral["id"])
        )


def _validated(data: dict[str, Any]) -> NewReferral:
    try:
        return NewReferral.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The referral") from None


def state_columns(
    state: ReferralState,
    urgency: Urgency,
    since: date,
    calendar: PracticeCalendar,
    timers: ReferralTimers,
    row: dict[str, Any],
) -> dict[str, Any]:
    """The columns that say where a referral is and what it needs next (its next action and due date)."""
    action = next_action(
        state,
        urgency,
        since,
        calendar,
        timers,
        appointment_on=row.get("appointment_on"),
        requested_by=row.get("requested_by"),
    )
    return {
        "state": state.value,
        "state_rank": state.rank,
        "is_open": state.is_open,
        "state_since": since,
        "next_action": action.label if action else None,
        "next_action_due": action.due_on if action else None,
        "escalate_on": action.escalate_on if action else None,
    }


def _event(session: Session, conn: Connection, referral_id: int, **values: Any) -> None:
    referrals_repo.add_event(
        conn,
        referral_id,
        at=stamp(session),
        by_staff_id=session.user.id,
        by_name=session.user.full_name,
        **values,
    )


# -- creating ---------------------------------------------------------------------------------------
def create_referral(session: Session, data: dict[str, Any]) -> int:
    """A new referral, in draft. The coordinator defaults to the patient's."""
    session.require(Permission.EDIT_REFERRALS, "referral.create", patient_id=data.get("patient_id") or None)
    missing = {
        name: message
        for name, message in (
            ("patient_id", "Find and choose the patient."),
            ("directory_id", "Choose who the referral goes to from the directory."),
            ("referring_provider_id", "Choose the referring provider."),
        )
        if not data.get(name)
    }
    if missing:
        raise ValidationFailed(next(iter(missing.values())), missing)
    order = _validated(data)
    today = session.clock.today()
    with session.vault.write("the new referral") as conn:
        if referrals_repo.staff_role(conn, order.referring_provider_id) != Role.PROVIDER.value:
            message = "Choose the referring provider from the practice's providers."
            raise ValidationFailed(message, {"referring_provider_id": message})
        if not directory_repo.exists(conn, order.directory_id):
            raise ValidationFailed(
                "Choose who the referral goes to from the directory.", {"directory_id": "Choose one."}
            )
        patient = patients_repo.get(conn, order.patient_id).record
        values: dict[str, Any] = order.model_dump(exclude={"clinical_question", "clinical_info"})
        values["urgency"] = order.urgency.value
        values["prior_auth_status"] = order.prior_auth_status.value if order.prior_auth_status else None
        values["coordinator_id"] = order.coordinator_id or patient.get("coordinator_id")
        values |= {
            "referred_on": today,
            "failed_patient_attempts": 0,
            "entered_in_error": False,
            "rerouted_from": None,
        }
        values |= state_columns(
            ReferralState.DRAFT, order.urgency, today, session.clock.calendar, timers_in(conn), values
        )
        details = {
            "clinical_question": order.clinical_question or "",
            "clinical_info": order.clinical_info.model_dump(mode="json"),
        }
        referral_id = referrals_repo.add(conn, values, details, session.user.username, stamp(session))
        _event(
            session, conn, referral_id, from_state=None, to_state="draft", event_on=today, note="", reason=""
        )
        sync_due_item(session, conn, {"id": referral_id, **values})
        session.record(
            conn, "referral.create", patient_id=order.patient_id, subject=f"referral:{referral_id}"
        )
    return referral_id


def chart_prefill(session: Session, patient_id: int) -> ClinicalInfo:
    """What the new-referral form offers to send, from the patient's chart: current problems, medicines and
    allergies (a read of clinical detail, so audited; the front desk may not)."""
    with_medicines = session.can(Permission.VIEW_MEDICATIONS)

    def read(conn: Connection) -> ClinicalInfo:
        medicines = medications_repo.for_patient(conn, patient_id) if with_medicines else []
        return from_chart(read_patient(conn, patient_id).clinical, [r.medication for r in medicines])

    return session.audited_read(Permission.VIEW_CLINICAL, "referral.prefill", read, patient_id=patient_id)


# -- moving -----------------------------------------------------------------------------------------
def _patient_of(session: Session, referral_id: int) -> int:
    session.require(Permission.VIEW_REFERRALS, "referral.transition")
    with session.vault.read() as conn:
        return int(referrals_repo.get(conn, referral_id)["patient_id"])


def transition(session: Session, referral_id: int, request: TransitionRequest) -> ReferralState:
    """Move one referral (its own audited transaction); an illegal move is refused and audited as failed."""
    patient_id = _patient_of(session, referral_id)
    subject = f"referral:{referral_id}"
    with session.audited_write(
        permission_for(request.to),
        "referral.transition",
        patient_id=patient_id,
        subject=subject,
        detail={"to": request.to.value},
    ) as conn:
        _apply(session, conn, referral_id, request)
    return request.to


def _live(conn: Connection, referral_id: int) -> dict[str, Any]:
    """The referral's row, refused when it was marked entered in error (it is kept only as a record)."""
    row = referrals_repo.get(conn, referral_id)
    if row["entered_in_error"]:
        raise ValidationFailed("This referral was marked entered in error: it can no longer be changed.")
    return row


def _apply(session: Session, conn: Connection, referral_id: int, request: TransitionRequest) -> None:
    row = _live(conn, referral_id)
    state = ReferralState(row["state"])
    effects = check_transition(state, request, session.clock.today(), appointment_on=row["appointment_on"])
    columns = dict(effects.columns)
    details = {"report_summary": columns.pop("report_summary")} if "report_summary" in columns else {}
    if request.to is ReferralState.REVIEWED and request.note:
        details["review_note"] = request.note
    merged = {**row, **columns}
    since = effects.event_on
    if request.to is ReferralState.SCHEDULED:
        since = session.clock.today()
    columns |= state_columns(
        request.to, Urgency(row["urgency"]), since, session.clock.calendar, timers_in(conn), merged
    )
    if request.to is ReferralState.SCHEDULED and state is ReferralState.NO_SHOW:
        columns["failed_patient_attempts"] = 0  # a rebooked visit starts the count afresh
    referrals_repo.update_row(conn, referral_id, columns, details, session.user.username, stamp(session))
    _event(
        session,
        conn,
        referral_id,
        from_state=state.value,
        to_state=request.to.value,
        event_on=effects.event_on,
        note=request.note,
        reason=request.reason,
    )
    sync_due_item(session, conn, {**merged, **columns})
    appointments.sync_referral_visit(session, conn, referral_id, request.to)  # the shared appointment


@dataclass(frozen=True)
class BulkResult:
    done: tuple[int, ...]
    refused: dict[int, str]


def bulk_transition(session: Session, referral_ids: list[int], request: TransitionRequest) -> BulkResult:
    """The same move on several referrals (e.g. a fax sent for several drafts): each is its own audited
    transition, and one refused does not stop the others."""
    done: list[int] = []
    refused: dict[int, str] = {}
    for referral_id in referral_ids:
        try:
            transition(session, referral_id, request)
        except UserError as exc:  # refused, not allowed, or the disk: each row says so on its own
            refused[referral_id] = exc.message
        else:
            done.append(referral_id)
    return BulkResult(tuple(done), refused)


def mark_entered_in_error(session: Session, referral_id: int, reason: str) -> None:
    """A referral that should never have been made (the wrong patient, a duplicate): kept with its log and
    the reason, gone from the worklist, the chart and the figures, its next action no longer due."""
    why = entered_in_error_reason(reason, "referral")
    with session.audited_write(
        Permission.EDIT_REFERRALS,
        "referral.entered_in_error",
        patient_id=_patient_of(session, referral_id),
        subject=f"referral:{referral_id}",
    ) as conn:
        row = _live(conn, referral_id)
        referrals_repo.update_row(
            conn, referral_id, {"entered_in_error": True}, {}, session.user.username, stamp(session)
        )
        state = row["state"]
        today = session.clock.today()
        _event(
            session,
            conn,
            referral_id,
            from_state=state,
            to_state=state,
            event_on=today,
            note=ERROR_NOTE,
            reason=why,
        )
        due_items.complete(session, conn, kind=DUE_KIND, source_table="referrals", source_id=referral_id)


def reroute(session: Session, declined_id: int, directory_id: int, note: str = "") -> int:
    """A declined referral sent elsewhere: a new draft to another directory entry, with the same order."""
    patient_id = _patient_of(session, declined_id)
    with session.audited_write(
        Permission.REFERRAL_LOGISTICS,
        "referral.reroute",
        patient_id=patient_id,
        subject=f"referral:{declined_id}",
        detail={"to_directory": directory_id},
    ) as conn:
        row = _live(conn, declined_id)
        if row["state"] != ReferralState.DECLINED.value:
            raise ValidationFailed("Only a referral the specialist declined can be re-routed.")
        if directory_id == row["directory_id"]:
            raise ValidationFailed("Choose a different directory entry: this one declined the referral.")
        if not directory_repo.exists(conn, directory_id):
            raise ValidationFailed("Choose who the referral goes to from the directory.")
        today = session.clock.today()
        keep = [
            "patient_id",
            "specialty",
            "reason",
            "urgency",
            "requested_by",
            "referring_provider_id",
            "coordinator_id",
            "prior_auth_needed",
            "prior_auth_number",
            "prior_auth_status",
            "prior_auth_expires",
        ]
        values = {k: row[k] for k in keep} | {
            "directory_id": directory_id,
            "referred_on": today,
            "failed_patient_attempts": 0,
            "entered_in_error": False,
            "rerouted_from": declined_id,
        }
        values |= state_columns(
            ReferralState.DRAFT,
            Urgency(row["urgency"]),
            today,
            session.clock.calendar,
            timers_in(conn),
            values,
        )
        details = {"clinical_question": row["clinical_question"], "clinical_info": row["clinical_info"]}
        new_id = referrals_repo.add(conn, values, details, session.user.username, stamp(session))
        _event(
            session,
            conn,
            new_id,
            from_state=None,
            to_state="draft",
            event_on=today,
            note=note,
            reason="re-routed",
        )
        sync_due_item(session, conn, {"id": new_id, **values})
    return new_id


# -- outreach ---------------------------------------------------------------------------------------
def log_outreach(session: Session, referral_id: int, data: dict[str, Any]) -> int:
    """Record a call, message or letter to the patient or the specialist's office; returns the referral's
    failed attempts to reach the patient so far. The patient's contact preferences are honoured."""
    try:
        attempt = OutreachAttempt.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The outreach attempt") from None
    patient_id = _patient_of(session, referral_id)
    session.require(Permission.RECORD_CONTACT_ATTEMPTS, "referral.outreach", patient_id=patient_id)
    with session.audited_write(
        Permission.REFERRAL_LOGISTICS,
        "referral.outreach",
        patient_id=patient_id,
        subject=f"referral:{referral_id}",
        detail={
            "target": attempt.target.value,
            "channel": attempt.channel.value,
            "outcome": attempt.outcome.value,
        },
    ) as conn:
        row = referrals_repo.get(conn, referral_id)
        if not ReferralState(row["state"]).is_open:
            raise ValidationFailed("This referral has ended; outreach is logged on open referrals only.")
        failed = int(row["failed_patient_attempts"])
        shared = attempt.as_contact_attempt()  # the one contact-attempts aggregate (transitions use it too)
        if attempt.target is OutreachTarget.PATIENT:
            due_items.check_outreach(conn, patient_id, shared.channel, shared.outcome)
            failed = 0 if attempt.outcome.reached else failed + 1
        contact_attempts_repo.add(
            conn,
            patient_id,
            ("referrals", referral_id),
            shared,
            on=session.clock.today(),
            by_staff_id=session.user.id,
            by_name=session.user.full_name,
            actor=session.user.username,
        )
        referrals_repo.update_row(
            conn, referral_id, {"failed_patient_attempts": failed}, {}, session.user.username, stamp(session)
        )
        if attempt.target is OutreachTarget.PATIENT and attempt.outcome.reached:
            due_items.record_contact(session, conn, patient_id)  # the panel's "Last contact"
    return failed
