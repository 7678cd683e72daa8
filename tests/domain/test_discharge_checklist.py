"""The discharge checklist's tasks, owners and due dates (domain.md 3.1)."""

from __future__ import annotations

from datetime import date

import pytest

from carecoord_desktop.domain.calendar import PracticeCalendar
from carecoord_desktop.domain.discharge_checklist import ChecklistTask, checklist
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.transitions import Complexity

T = ChecklistTask


@pytest.mark.parametrize(
    ("complexity", "expected"),
    [
        (
            Complexity.HIGH,
            {
                T.HOME_HEALTH: date(2026, 11, 24),  # with the contact: 2 business days
                T.BOOK_VISIT: date(2026, 11, 25),  # day 5 on the 7-day track
                T.PENDING_TESTS: date(2026, 11, 27),  # by the visit, day 7
                T.SUMMARY_REVIEW: date(2026, 11, 27),
                T.REFERRALS: date(2026, 11, 27),
            },
        ),
        (
            Complexity.MODERATE,
            {
                T.HOME_HEALTH: date(2026, 11, 24),
                T.BOOK_VISIT: date(2026, 11, 30),  # day 10 on the 14-day track
                T.PENDING_TESTS: date(2026, 12, 4),
                T.SUMMARY_REVIEW: date(2026, 12, 4),
                T.REFERRALS: date(2026, 12, 4),
            },
        ),
    ],
)
def test_tasks_are_due_by_their_track(complexity: Complexity, expected: dict[ChecklistTask, date]) -> None:
    planned = checklist(date(2026, 11, 20), complexity, PracticeCalendar.of("US"))
    assert {p.task: p.due_on for p in planned} == expected
    assert [p.due_on for p in planned] == sorted(p.due_on for p in planned)


def test_each_task_has_its_owner() -> None:
    assert T.BOOK_VISIT.owner is Role.FRONT_DESK
    assert T.SUMMARY_REVIEW.owner is Role.PROVIDER
    assert T.PENDING_TESTS.owner is Role.NURSE_COORDINATOR
