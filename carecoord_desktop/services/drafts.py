"""Each user's unsaved input, kept encrypted in the vault until they come back to it.

Only the owner, or the person who took over this computer from them (a hand-over at the lock screen),
may keep a draft for them; what comes back is checked before it reaches a form, and a draft that is not
plain form input (damaged, or written into the vault by other means) is dropped and the drop audited.
"""

from __future__ import annotations

import json
from typing import Any

from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import drafts_repo

MAX_DRAFT_BYTES = 256 * 1024
MAX_DEPTH = 8
MAX_KEY_CHARS = 80


def save_draft(
    session: Session, form_key: str, payload: dict[str, Any], *, owner_id: int | None = None
) -> None:
    """Keep `payload` for `owner_id` (default: the signed-in user; another owner only after a hand-over)."""
    owner = session.user.id if owner_id is None else owner_id
    if owner != session.user.id and owner not in session.handed_over_from:
        session.audit_separately(
            "draft.save", "refused", subject=form_key[:MAX_KEY_CHARS], detail={"owner_id": owner}
        )
        raise PermissionDenied(
            "Unsaved input can be kept only for yourself, or for whoever you took over from."
        )
    with session.vault.write("the draft") as conn:
        drafts_repo.save(conn, owner, form_key, payload, session.user.username)
        session.record(conn, "draft.save", subject=form_key, detail={"owner_id": owner})


def _plain(value: Any, depth: int = 0) -> bool:
    """JSON form input: objects with short string keys, lists, strings, numbers, booleans, null."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and len(k) <= MAX_KEY_CHARS and _plain(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def _usable(form_key: str, text: str) -> dict[str, Any] | None:
    if len(form_key) > MAX_KEY_CHARS or len(text) > MAX_DRAFT_BYTES:
        return None
    try:
        payload = json.loads(text)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) and _plain(payload) else None


def my_drafts(session: Session) -> dict[str, dict[str, Any]]:
    """The signed-in user's kept input; unusable drafts are dropped (and the drop audited)."""
    with session.vault.read() as conn:
        stored = drafts_repo.raw_for_staff(conn, session.user.id)
    usable: dict[str, dict[str, Any]] = {}
    for form_key, text in stored.items():
        payload = _usable(form_key, text)
        if payload is not None:
            usable[form_key] = payload
            continue
        with session.vault.write("the draft") as conn:
            drafts_repo.discard(conn, session.user.id, form_key)
            session.record(conn, "draft.drop", outcome="failed", detail={"reason": "not plain form input"})
    return usable


def discard_draft(session: Session, form_key: str) -> None:
    with session.vault.write("the draft") as conn:
        drafts_repo.discard(conn, session.user.id, form_key)
