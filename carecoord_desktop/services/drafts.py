"""Each user's unsaved input, kept encrypted in the vault until they come back to it."""

from __future__ import annotations

from typing import Any

from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import drafts_repo


def save_draft(
    session: Session, form_key: str, payload: dict[str, Any], *, owner_id: int | None = None
) -> None:
    """Keep `payload` for `owner_id` (default: the signed-in user)."""
    owner = session.user.id if owner_id is None else owner_id
    with session.vault.write("the draft") as conn:
        drafts_repo.save(conn, owner, form_key, payload, session.user.username)
        session.record(conn, "draft.save", subject=form_key, detail={"owner_id": owner})


def my_drafts(session: Session) -> dict[str, dict[str, Any]]:
    with session.vault.read() as conn:
        return drafts_repo.for_staff(conn, session.user.id)


def discard_draft(session: Session, form_key: str) -> None:
    with session.vault.write("the draft") as conn:
        drafts_repo.discard(conn, session.user.id, form_key)
