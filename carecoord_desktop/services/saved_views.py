"""Saved panel views: each staff member's own named filters."""

from __future__ import annotations

from typing import Any

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import saved_views_repo


def saved_views(session: Session) -> dict[str, dict[str, Any]]:
    session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.view")
    with session.vault.read() as conn:
        return saved_views_repo.views_for(conn, session.user.id)


def save_view(session: Session, name: str, payload: dict[str, Any]) -> None:
    clean = " ".join(name.split())
    if not clean or len(clean) > 60:
        session.require(Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.save_view")
        raise ValidationFailed("Give the view a name of up to 60 characters.", {"name": "Enter a name."})
    with session.audited_write(
        Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.save_view", subject=clean, what="the saved view"
    ) as conn:
        saved_views_repo.save_view(conn, session.user.id, clean, payload, session.user.username)


def delete_view(session: Session, name: str) -> None:
    with session.audited_write(
        Permission.VIEW_PATIENT_DEMOGRAPHICS, "panel.delete_view", subject=name, what="the saved view"
    ) as conn:
        saved_views_repo.delete_view(conn, session.user.id, name)
