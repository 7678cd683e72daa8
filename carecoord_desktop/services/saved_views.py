"""Saved views: each staff member's own named filters, on every screen that keeps them (the patient panel,
the referral worklist). One rule for the name, one audit entry per save and delete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import saved_views_repo


@dataclass(frozen=True)
class ViewScreen:
    """A screen with saved views: its key (where they are kept, and the audit actions' prefix) and the
    permission that shows the screen."""

    key: str
    permission: Permission


PANEL = ViewScreen("panel", Permission.VIEW_PATIENT_DEMOGRAPHICS)
REFERRALS = ViewScreen("referrals", Permission.VIEW_REFERRALS)


def saved_views(session: Session, screen: ViewScreen = PANEL) -> dict[str, dict[str, Any]]:
    session.require(screen.permission, f"{screen.key}.view")
    with session.vault.read() as conn:
        return saved_views_repo.views_for(conn, session.user.id, screen.key)


def save_view(session: Session, name: str, payload: dict[str, Any], screen: ViewScreen = PANEL) -> str:
    """Save (or replace) the view; returns its name as kept (spaces tidied)."""
    clean = " ".join(name.split())
    action = f"{screen.key}.save_view"
    if not clean or len(clean) > 60:
        session.require(screen.permission, action)
        raise ValidationFailed("Give the view a name of up to 60 characters.", {"name": "Enter a name."})
    with session.audited_write(screen.permission, action, subject=clean, what="the saved view") as conn:
        saved_views_repo.save_view(conn, session.user.id, clean, payload, session.user.username, screen.key)
    return clean


def delete_view(session: Session, name: str, screen: ViewScreen = PANEL) -> None:
    action = f"{screen.key}.delete_view"
    with session.audited_write(screen.permission, action, subject=name, what="the saved view") as conn:
        saved_views_repo.delete_view(conn, session.user.id, name, screen.key)
