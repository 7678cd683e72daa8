"""The Today screens and the front desk's call list, measured on the worklists harness's practice.

today_ms is the slowest role's Today screen (nurse coordinator, front desk, provider): the screen's own reload
(services/today.py, one audited read, then its tables filled offscreen), median of 5 after one warm-up.
call_list_ms is the call list service alone (follow-ups to book, no-shows, appointments to confirm, each row
with how to reach the patient), median of 5. Both are wall-clock times; the *_cpu_ms beside them are the
process's CPU time for the same work, which says what the work costs when the shared machine is busy (the
wall-clock figure then includes the time spent waiting for a core). Each role is the staff member of that role with the most work:
the signed-in coordinator for the nurse; for the provider and the front desk the practice's (sign-in-less)
staff, with the nurse's open vault (the services read `session.user` only for the role and whose work it is).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import shiboken6
from sqlalchemy import func, select

from benchmarks.panel import _ms


class _Host:
    """What a Today screen asks of its window, for a screen measured outside one."""

    practice_name = "Benchmark Practice"

    def show_area(self, key: str) -> Any:
        raise NotImplementedError(key)

    def open_chart(self, patient_id: int) -> Any:
        return None

    def practice_settings_changed(self, settings: Any) -> None:
        return None

    def show_backup_status(self, text: str, overdue: bool) -> None:
        return None


def _busiest_provider_id(session: Any) -> int:
    from carecoord_desktop.domain.referrals import ReferralState
    from carecoord_desktop.storage.schema_referrals import referrals

    with session.vault.read() as conn:
        query = (
            select(referrals.c.referring_provider_id)
            .where(referrals.c.state == ReferralState.REPORT_RECEIVED.value)
            .group_by(referrals.c.referring_provider_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        return int(conn.execute(query).scalar_one())


def _as(session: Any, staff_id: int | None, role: Any) -> Any:
    """A session of the same vault for another staff member (or a made-up member of `role`)."""
    from dataclasses import replace

    from carecoord_desktop.services.session import Session, staff_from_row
    from carecoord_desktop.storage.schema import staff

    with session.vault.read() as conn:
        row = conn.execute(select(staff).where(staff.c.id == staff_id)).first() if staff_id else None
    member = (
        staff_from_row(row)
        if row is not None
        else replace(session.user, id=-1, username="frontdesk", full_name="Front Desk", role=role)
    )
    # The practice's extra staff never signed in (they would be asked for a new password first).
    member = replace(member, active=True, must_change_password=False)
    return Session(session.vault, member, session.clock)


def measure_today(session: Any) -> dict[str, Any]:
    from carecoord_desktop.domain.roles import Role
    from carecoord_desktop.services import call_list
    from carecoord_desktop.ui.today.today_page import TodayPage

    roles = {
        "nurse_coordinator": session,
        "provider": _as(session, _busiest_provider_id(session), Role.PROVIDER),
        "front_desk": _as(session, None, Role.FRONT_DESK),
    }
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    rows: dict[str, dict[str, int]] = {}
    for name, acting in roles.items():
        page = TodayPage(acting, _Host())  # type: ignore[arg-type]
        page.reload()  # warm, as the second look at the screen
        times[name], cpu[name] = _wall_and_cpu(page.reload)
        rows[name] = {key: table.rowCount() for key, table in page.tables.items()}
        shiboken6.delete(page)  # now, not at the interpreter's exit after the application (a crash)
    front_desk = roles["front_desk"]
    call_list.call_list(front_desk)
    calls, calls_cpu = _wall_and_cpu(lambda: call_list.call_list(front_desk))
    return {
        "today_ms": max(times.values()),
        "today_cpu_ms": max(cpu.values()),
        "today_ms_by_role": times,
        "today_cpu_ms_by_role": cpu,
        "today_rows_by_role": rows,
        "call_list_ms": calls,
        "call_list_cpu_ms": calls_cpu,
        "call_list_rows": len(call_list.call_list(front_desk)),
    }


def _wall_and_cpu(work: Any, repeat: int = 5) -> tuple[float, float]:
    """Median wall-clock and median CPU milliseconds of `work`."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return _ms(statistics.median(wall)), _ms(statistics.median(cpu))
