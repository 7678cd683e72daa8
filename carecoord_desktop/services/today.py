"""The Today screens: each role's work for the day, gathered from registered row sources.

A source is one function `(session, today) -> list[TodayRow]` (domain/today.py) for the roles that may see
it; a feature adds its rows to a role's Today with ONE line in `TODAY_SOURCES` (the screen order). A source
reads with one indexed query (never a query per patient), checks its own permission, and orders its rows
(due today first: domain/today.due_order). Looking at Today is one audited read (it names patients).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.today import TodayRow
from carecoord_desktop.services import call_list, care_plan_today, medrec_today, today_sources
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session

NURSE: Final = frozenset({Role.NURSE_COORDINATOR})
PROVIDER: Final = frozenset({Role.PROVIDER})
FRONT_DESK: Final = frozenset({Role.FRONT_DESK})


@dataclass(frozen=True)
class TodaySource:
    key: str
    title: str  # the section's heading on the screen
    roles: frozenset[Role]
    rows: Callable[[Session, date], list[TodayRow]]
    empty: str  # said when the source has nothing today


# fmt: off
TODAY_SOURCES: tuple[TodaySource, ...] = (
    TodaySource("tcm", "TCM clocks", NURSE, today_sources.tcm_clocks,
                "No TCM deadline of your patients falls in the next 3 days."),
    TodaySource("referrals", "Overdue referrals", NURSE, today_sources.overdue_referrals,
                "None of your referrals is overdue."),
    TodaySource("followups", "Follow-ups", NURSE, today_sources.coordinator_follow_ups,
                "No follow-up of yours is waiting to be booked."),
    TodaySource("care_plans", "Care plan reviews", NURSE, care_plan_today.reviews_due,
                "No care plan of your patients is due a review this week."),
    TodaySource("reconciliations", "Medication reconciliations", NURSE, medrec_today.reconciliations_due,
                "No medication reconciliation of your patients is due this week."),
    TodaySource("calls", "Calls to make today", FRONT_DESK, call_list.calls_to_make,
                "No calls to make today."),
    TodaySource("confirm", "Appointments to confirm", FRONT_DESK, call_list.appointments_to_confirm,
                "No appointment in the next 2 business days needs confirming."),
    TodaySource("reports", "Referral reports to review", PROVIDER, today_sources.reports_to_review,
                "No specialist report is waiting for your review."),
    TodaySource("med_questions", "Medication questions", PROVIDER, medrec_today.medication_questions,
                "No reconciliation is waiting on a prescriber's answer."),
)
# fmt: on


@dataclass(frozen=True)
class TodaySection:
    key: str
    title: str
    rows: list[TodayRow]
    empty: str

    @property
    def cut(self) -> bool:
        """The source had more than a screen shows: these are its most urgent rows."""
        return len(self.rows) >= today_sources.MOST_ROWS


def sources_for(role: Role, sources: tuple[TodaySource, ...] = TODAY_SOURCES) -> list[TodaySource]:
    return [s for s in sources if role in s.roles]


def today_for(session: Session, sources: tuple[TodaySource, ...] = TODAY_SOURCES) -> list[TodaySection]:
    """The signed-in person's Today, one section per source their role sees, in registry order."""
    today = session.clock.today()
    mine = sources_for(session.user.role, sources)
    if not mine:
        return []
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "today.view")
    sections = [TodaySection(s.key, s.title, s.rows(session, today), s.empty) for s in mine]
    session.audited_read(
        Permission.VIEW_PATIENT_DEMOGRAPHICS,
        "today.view",
        lambda _conn: None,
        detail={s.key: len(s.rows) for s in sections},
    )
    return sections
