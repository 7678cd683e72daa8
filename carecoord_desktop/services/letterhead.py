"""The letterhead every printout carries: practice name (from the practice settings), address, phone, fax,
paper size, and the logo, kept in the vault (never beside it)."""

from __future__ import annotations

import base64
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete

from carecoord_desktop.documents.frame import PracticeHeading
from carecoord_desktop.documents.logo import check_logo
from carecoord_desktop.domain.letterhead import Letterhead
from carecoord_desktop.services.auth import practice_settings
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.practice import validation_failed
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import settings_repo
from carecoord_desktop.storage.schema import settings

LETTERHEAD_KEY = "letterhead"
LOGO_KEY = "letterhead_logo"


def letterhead(session: Session) -> Letterhead:
    with session.vault.read() as conn:
        raw = settings_repo.get(conn, LETTERHEAD_KEY)
    return Letterhead.model_validate(raw) if raw else Letterhead()


def logo(session: Session) -> bytes | None:
    with session.vault.read() as conn:
        raw = settings_repo.get(conn, LOGO_KEY)
    return base64.b64decode(raw["data"]) if raw else None


def practice_heading(session: Session) -> PracticeHeading:
    return PracticeHeading(
        practice_name=practice_settings(session).practice_name,
        letterhead=letterhead(session),
        logo=logo(session),
    )


def update_letterhead(session: Session, **changes: Any) -> Letterhead:
    current = letterhead(session)
    try:
        updated = Letterhead.model_validate({**current.model_dump(), **changes})
    except ValidationError as exc:
        raise validation_failed(exc, "The letterhead") from None
    changed = sorted(k for k, v in updated.model_dump().items() if current.model_dump().get(k) != v)
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS, "practice.update_letterhead", detail={"changed": changed}
    ) as conn:
        settings_repo.put(conn, LETTERHEAD_KEY, updated.model_dump(mode="json"), session.user.username)
    return updated


def set_logo(session: Session, data: bytes) -> None:
    """Store a validated PNG or JPEG logo (at most 512 KB) in the vault."""
    session.require(Permission.MANAGE_PRACTICE_SETTINGS, "practice.set_logo")
    kind = check_logo(data)
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS, "practice.set_logo", detail={"format": kind, "bytes": len(data)}
    ) as conn:
        value = {"format": kind, "data": base64.b64encode(data).decode("ascii")}
        settings_repo.put(conn, LOGO_KEY, value, session.user.username)


def remove_logo(session: Session) -> None:
    with session.audited_write(Permission.MANAGE_PRACTICE_SETTINGS, "practice.remove_logo") as conn:
        conn.execute(delete(settings).where(settings.c.key == LOGO_KEY))
