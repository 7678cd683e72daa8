"""Practice-wide settings (admin)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from carecoord_desktop.domain.practice import STORED, PracticeSettings
from carecoord_desktop.domain.validation import validation_failed
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import settings_repo

__all__ = ["PRACTICE_KEY", "practice_settings", "update_settings", "validation_failed"]

PRACTICE_KEY = settings_repo.PRACTICE_KEY


def practice_settings(session: Session) -> PracticeSettings:
    with session.vault.read() as conn:
        raw = settings_repo.get(conn, PRACTICE_KEY)
    return PracticeSettings.model_validate(raw, context=STORED)


def update_settings(session: Session, **changes: Any) -> PracticeSettings:
    current = practice_settings(session)
    try:
        updated = PracticeSettings.model_validate({**current.model_dump(), **changes})
    except ValidationError as exc:
        raise validation_failed(exc, "The practice settings") from None
    changed = {k: v for k, v in updated.model_dump().items() if current.model_dump().get(k) != v}
    with session.audited_write(
        Permission.MANAGE_PRACTICE_SETTINGS, "practice.update_settings", detail={"changed": sorted(changed)}
    ) as conn:
        settings_repo.put(conn, PRACTICE_KEY, updated.model_dump(mode="json"), session.user.username)
    session.clock = session.clock.for_practice(updated.time_zone, updated.calendar)
    return updated
