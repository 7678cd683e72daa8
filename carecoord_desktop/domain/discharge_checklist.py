"""The discharge checklist a qualifying discharge starts (domain.md 3.1 non-face-to-face tasks and alerts).

The interactive contact, the visit and medication reconciliation are the TCM clocks themselves
(domain/transitions.py); these are the other tasks, each with its owner and due date:

- book the face-to-face visit: by day 5 on the 7-day track, day 10 on the 14-day track (the alert convention);
- home health and equipment: confirmed by the contact deadline (services start in the first days home);
- pending tests, the discharge summary's review, and referrals: by the visit's deadline, so the visit has them.

Pure: callers pass the discharge day, the complexity and the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.transitions import Complexity, tcm_dates

BOOK_VISIT_BY_DAY: Final = {Complexity.HIGH: 5, Complexity.MODERATE: 10}


class ChecklistTask(StrEnum):
    BOOK_VISIT = "book_visit"
    HOME_HEALTH = "home_health"
    PENDING_TESTS = "pending_tests"
    SUMMARY_REVIEW = "summary_review"
    REFERRALS = "referrals"

    @property
    def label(self) -> str:
        return TASK_LABELS[self]

    @property
    def owner(self) -> Role:
        return TASK_OWNERS.get(self, Role.NURSE_COORDINATOR)


TASK_LABELS: Final = {
    ChecklistTask.BOOK_VISIT: "Book the face-to-face visit",
    ChecklistTask.HOME_HEALTH: "Home health and equipment in place",
    ChecklistTask.PENDING_TESTS: "Pending tests followed up",
    ChecklistTask.SUMMARY_REVIEW: "Discharge summary reviewed",
    ChecklistTask.REFERRALS: "Referrals arranged",
}
TASK_OWNERS: Final = {ChecklistTask.BOOK_VISIT: Role.FRONT_DESK, ChecklistTask.SUMMARY_REVIEW: Role.PROVIDER}


@dataclass(frozen=True)
class PlannedTask:
    task: ChecklistTask
    due_on: date


def checklist(discharge: date, complexity: Complexity, calendar: PracticeCalendar) -> tuple[PlannedTask, ...]:
    """The tasks of a qualifying discharge with their due dates, earliest first."""
    dates = tcm_dates(discharge, calendar)
    visit_due = dates.visit_due(complexity)
    planned = (
        PlannedTask(ChecklistTask.BOOK_VISIT, discharge + timedelta(days=BOOK_VISIT_BY_DAY[complexity])),
        PlannedTask(ChecklistTask.HOME_HEALTH, dates.contact_due),
        PlannedTask(ChecklistTask.PENDING_TESTS, visit_due),
        PlannedTask(ChecklistTask.SUMMARY_REVIEW, visit_due),
        PlannedTask(ChecklistTask.REFERRALS, visit_due),
    )
    return tuple(sorted(planned, key=lambda p: p.due_on))


@dataclass(frozen=True)
class TaskRecord:
    id: int
    stay_id: int
    task: ChecklistTask
    owner: Role
    due_on: date
    done_on: date | None
    done_by: str | None
