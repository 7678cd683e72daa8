"""Referral metrics for a period, as figures (the dashboard's charts come later). An audited read."""

from __future__ import annotations

from datetime import date
from typing import Any

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.referral_metrics import ReferralFacts, report
from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import referrals_repo


def referral_report(session: Session, start: date, until: date) -> dict[str, Any]:
    if until < start:
        raise ValidationFailed("The period ends before it starts: check --from and --to.")

    def load(conn: Any) -> list[ReferralFacts]:
        entered = referrals_repo.states_entered(conn)
        return [
            ReferralFacts(
                id=r["id"],
                patient_id=r["patient_id"],
                specialty=r["specialty"],
                coordinator=r["coordinator_name"] or "",
                state=ReferralState(r["state"]),
                referred_on=r["referred_on"],
                sent_on=r["sent_on"],
                appointment_on=r["appointment_on"],
                visit_on=r["visit_on"],
                report_on=r["report_on"],
                next_action_due=r["next_action_due"],
                entered=frozenset(ReferralState(s) for s in entered.get(r["id"], ())),
            )
            for r in referrals_repo.rows_for_metrics(conn, until)
        ]

    facts = session.audited_read(
        Permission.VIEW_REFERRALS,
        "referrals.report",
        load,
        detail={"from": start.isoformat(), "to": until.isoformat()},
    )
    return report(facts, start, until, session.clock.today())
