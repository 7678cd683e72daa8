"""Referral metrics (domain.md 2.3): loop closure as CMS50 counts it, timeliness, no-show and decline rates,
and open referrals overdue by state; overall, per specialty, per coordinator and per month. Pure."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from carecoord_desktop.domain.referrals import ReferralState

S = ReferralState


@dataclass(frozen=True)
class ReferralFacts:
    id: int
    patient_id: int
    specialty: str
    coordinator: str
    state: ReferralState
    referred_on: date
    sent_on: date | None = None
    appointment_on: date | None = None
    visit_on: date | None = None
    report_on: date | None = None
    next_action_due: date | None = None
    entered: frozenset[ReferralState] = field(default_factory=frozenset)  # every state it ever entered


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _cms50_eligible(fact: ReferralFacts) -> bool:
    """CMS50 counts referrals made by 31 October of their year (so a report can come back by year end)."""
    return fact.referred_on <= date(fact.referred_on.year, 10, 31)


def figures(facts: Iterable[ReferralFacts], until: date, today: date) -> dict[str, Any]:
    """The figures for referrals made in a period ending `until` (reports count up to `until`)."""
    rows = sorted(facts, key=lambda f: (f.referred_on, f.id))
    first_per_patient: dict[int, ReferralFacts] = {}
    for fact in rows:
        if _cms50_eligible(fact):
            first_per_patient.setdefault(fact.patient_id, fact)
    closed_loop = [
        f
        for f in first_per_patient.values()
        if f.report_on is not None and f.referred_on <= f.report_on <= until
    ]
    to_appointment = [
        (f.appointment_on - f.sent_on).days
        for f in rows
        if f.sent_on is not None and f.appointment_on is not None
    ]
    to_report = [
        (f.report_on - f.visit_on).days for f in rows if f.visit_on is not None and f.report_on is not None
    ]
    scheduled = [f for f in rows if S.SCHEDULED in f.entered]
    sent = [f for f in rows if S.SENT in f.entered]
    overdue: dict[str, int] = {}
    for fact in rows:
        if fact.state.is_open and fact.next_action_due is not None and fact.next_action_due < today:
            overdue[fact.state.value] = overdue.get(fact.state.value, 0) + 1
    return {
        "referrals": len(rows),
        "cms50_denominator": len(first_per_patient),
        "cms50_numerator": len(closed_loop),
        "loop_closure_rate": _rate(len(closed_loop), len(first_per_patient)),
        "median_days_sent_to_appointment": _median(to_appointment),
        "median_days_appointment_to_report": _median(to_report),
        "no_show_rate": _rate(sum(S.NO_SHOW in f.entered for f in scheduled), len(scheduled)),
        "decline_rate": _rate(sum(S.DECLINED in f.entered for f in sent), len(sent)),
        "open_overdue_by_state": dict(sorted(overdue.items())),
    }


def _grouped(
    facts: list[ReferralFacts], key: Callable[[ReferralFacts], str], until: date, today: date
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[ReferralFacts]] = {}
    for fact in facts:
        groups.setdefault(key(fact), []).append(fact)
    return {name: figures(members, until, today) for name, members in sorted(groups.items())}


def report(facts: Iterable[ReferralFacts], start: date, until: date, today: date) -> dict[str, Any]:
    """Referrals made from `start` to `until` (inclusive): overall and per specialty, coordinator and month."""
    chosen = [f for f in facts if start <= f.referred_on <= until]
    return {
        "from": start.isoformat(),
        "to": until.isoformat(),
        "as_of": today.isoformat(),
        "overall": figures(chosen, until, today),
        "by_specialty": _grouped(chosen, lambda f: f.specialty, until, today),
        "by_coordinator": _grouped(chosen, lambda f: f.coordinator or "(none)", until, today),
        "by_month": _grouped(chosen, lambda f: f.referred_on.strftime("%Y-%m"), until, today),
    }
