"""Reading referrals: the worklist (grouped, filtered and sorted in SQL), one referral, a patient's referrals.

The front desk sees the reason for referral and the logistics, never the clinical question, the clinical
information sent or the report's content (they need VIEW_CLINICAL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referral_forms import ClinicalInfo
from carecoord_desktop.domain.referral_worklist import WorklistRow
from carecoord_desktop.domain.referrals import ReferralState, allowed_from, suggests_lost_to_follow_up
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.referral_rules import timers_in
from carecoord_desktop.services.referrals import permission_for
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import directory_repo, referral_worklist_repo, referrals_repo
from carecoord_desktop.storage.clock import parse_utc
from carecoord_desktop.storage.referral_worklist_repo import WorklistFilter

__all__ = ["WorklistFilter", "WorklistRow"]

OVERDUE_GROUP = referral_worklist_repo.OVERDUE_GROUP


def group_title(group: int) -> str:
    if group == OVERDUE_GROUP:
        return "Overdue or due today"
    return list(ReferralState)[group - 1].label


@dataclass(frozen=True)
class WorklistQuery:
    filter: WorklistFilter = field(default_factory=WorklistFilter)
    sort: str = "due"
    descending: bool = False


def open_worklist(session: Session) -> None:
    """Opening the worklist shows patient names and referral reasons: one audit entry (paging is not)."""
    session.audited_read(Permission.VIEW_REFERRALS, "referrals.worklist.view", lambda _conn: None)


def worklist_page(
    session: Session,
    query: WorklistQuery,
    *,
    limit: int = 100,
    offset: int = 0,
    groups: dict[int, int] | None = None,
) -> list[WorklistRow]:
    """A page of the worklist; `groups` (from worklist_groups, same filter) saves counting them again."""
    session.require(Permission.VIEW_REFERRALS, "referrals.worklist.view")
    if query.sort not in referral_worklist_repo.SORT_KEYS:
        raise ValidationFailed(f"The worklist cannot be sorted by '{query.sort}'.")
    with session.vault.read() as conn:
        return referral_worklist_repo.worklist_page(
            conn,
            query.filter,
            session.clock.today(),
            sort=query.sort,
            descending=query.descending,
            limit=limit,
            offset=offset,
            groups=groups,
        )


def worklist_groups(session: Session, flt: WorklistFilter) -> dict[int, int]:
    """How many referrals each group holds: the group's title shows it."""
    session.require(Permission.VIEW_REFERRALS, "referrals.worklist.view")
    with session.vault.read() as conn:
        return referral_worklist_repo.worklist_groups(conn, flt, session.clock.today())


def specialties(session: Session) -> list[str]:
    session.require(Permission.VIEW_REFERRALS, "referrals.worklist.view")
    with session.vault.read() as conn:
        return referral_worklist_repo.specialties(conn)


@dataclass(frozen=True)
class ReferralView:
    id: int
    patient_id: int
    patient_name: str
    mrn: str
    row: dict[str, Any]  # the logistics columns
    directory_name: str
    clinical_visible: bool
    clinical_question: str  # blank when not visible
    clinical_info: ClinicalInfo
    report_summary: str
    events: list[dict[str, Any]]
    outreach: list[dict[str, Any]]
    moves: tuple[ReferralState, ...]  # allowed from here, and allowed to this user
    suggest_lost: bool
    today: date

    @property
    def state(self) -> ReferralState:
        return ReferralState(self.row["state"])

    @property
    def entered_in_error(self) -> bool:
        return bool(self.row["entered_in_error"])

    @property
    def overdue(self) -> bool:
        due = self.row["next_action_due"]
        return bool(self.row["is_open"]) and due is not None and due < self.today


def _view(session: Session, conn: Any, referral_id: int) -> ReferralView:
    row = referrals_repo.get(conn, referral_id)
    clinical = session.can(Permission.VIEW_CLINICAL)
    state = ReferralState(row["state"])
    timers = timers_in(conn)
    name, mrn = referrals_repo.patient_label(conn, int(row["patient_id"]))
    return ReferralView(
        id=referral_id,
        patient_id=int(row["patient_id"]),
        patient_name=name,
        mrn=mrn,
        row={
            k: v
            for k, v in row.items()
            if k not in {"clinical_question", "clinical_info", "report_summary", "review_note"}
        },
        directory_name=directory_repo.names(conn, [row["directory_id"]]).get(row["directory_id"], ""),
        clinical_visible=clinical,
        clinical_question=row["clinical_question"] if clinical else "",
        clinical_info=ClinicalInfo.model_validate(row["clinical_info"]) if clinical else ClinicalInfo(),
        report_summary=(row["report_summary"] or "") if clinical else "",
        events=[{**e, "at": parse_utc(e["at"])} for e in referrals_repo.events(conn, referral_id)],
        outreach=referrals_repo.outreach(conn, referral_id),
        moves=()
        if row["entered_in_error"]
        else tuple(s for s in allowed_from(state) if session.can(permission_for(s))),
        suggest_lost=suggests_lost_to_follow_up(state, int(row["failed_patient_attempts"]), timers),
        today=session.clock.today(),
    )


def open_referral(session: Session, referral_id: int) -> ReferralView:
    """One referral with its log and outreach (audited: it names the patient and the reason)."""
    session.require(Permission.VIEW_REFERRALS, "referral.open")
    with session.vault.read() as conn:
        patient_id = int(referrals_repo.get(conn, referral_id)["patient_id"])
    return session.audited_read(
        Permission.VIEW_REFERRALS,
        "referral.open",
        lambda conn: _view(session, conn, referral_id),
        patient_id=patient_id,
        subject=f"referral:{referral_id}",
    )


def patient_referrals(session: Session, patient_id: int, *, include_closed: bool = True) -> list[WorklistRow]:
    """A patient's referrals for the chart, the most urgent due date first (audited: it shows the reasons)."""
    flt = WorklistFilter(patient_id=patient_id, include_closed=include_closed)
    return session.audited_read(
        Permission.VIEW_REFERRALS,
        "referrals.chart.view",
        lambda conn: referral_worklist_repo.worklist_page(
            conn, flt, session.clock.today(), sort="due", descending=False, limit=200, offset=0
        ),
        patient_id=patient_id,
    )
