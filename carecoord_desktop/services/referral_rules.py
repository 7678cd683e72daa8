"""The practice's referral timers (overdue rules, domain.md 2.2): read by every referral write, set by an admin."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import Connection

from carecoord_desktop.domain.referrals import DEFAULT_TIMERS, ReferralTimers
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.practice import validation_failed
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import settings_repo

TIMERS_KEY = "referral_timers"


def timers_in(conn: Connection) -> ReferralTimers:
    raw = settings_repo.get(conn, TIMERS_KEY)
    return ReferralTimers.model_validate(raw) if raw else DEFAULT_TIMERS


def referral_timers(session: Session) -> ReferralTimers:
    """The timers, for whoever works referrals and for the admin who sets them."""
    if not session.can(Permission.MANAGE_PRACTICE_SETTINGS):
        session.require(Permission.VIEW_REFERRALS, "referral.timers")
    with session.vault.read() as conn:
        return timers_in(conn)


def set_referral_timers(session: Session, data: dict[str, object]) -> ReferralTimers:
    """Change the overdue rules. Open referrals keep the due dates they have; new moves use the new rules."""
    try:
        timers = ReferralTimers.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The referral timers") from None
    with session.audited_write(Permission.MANAGE_PRACTICE_SETTINGS, "referral.set_timers") as conn:
        settings_repo.put(conn, TIMERS_KEY, timers.model_dump(mode="json"), session.user.username)
    return timers
