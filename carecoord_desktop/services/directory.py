"""The outside-provider directory: add, edit, retire and search entries (not patient data, still audited)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from carecoord_desktop.domain.directory import DirectoryEntry
from carecoord_desktop.domain.patients import normalize_for_search
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.practice import validation_failed
from carecoord_desktop.services.referrals import stamp
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import directory_repo

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class DirectoryListing:
    id: int
    entry: DirectoryEntry


def _validated(data: dict[str, Any]) -> DirectoryEntry:
    try:
        return DirectoryEntry.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, "The directory entry") from None


def _search_text(entry: DirectoryEntry) -> str:
    parts = [entry.name, entry.specialty or "", entry.kind.label, entry.npi or ""]
    return normalize_for_search(" ".join(parts))


def _values(entry: DirectoryEntry) -> dict[str, Any]:
    return entry.model_dump(mode="json")


def add_entry(session: Session, data: dict[str, Any]) -> int:
    entry = _validated(data)
    with session.audited_write(Permission.REFERRAL_LOGISTICS, "directory.add") as conn:
        entry_id = directory_repo.add(
            conn, _values(entry), _search_text(entry), session.user.username, stamp(session)
        )
    return entry_id


def update_entry(session: Session, entry_id: int, data: dict[str, Any]) -> DirectoryEntry:
    entry = _validated(data)
    with session.audited_write(
        Permission.REFERRAL_LOGISTICS, "directory.edit", subject=f"directory:{entry_id}"
    ) as conn:
        directory_repo.get(conn, entry_id)
        directory_repo.replace(
            conn, entry_id, _values(entry), _search_text(entry), session.user.username, stamp(session)
        )
    return entry


def get_entry(session: Session, entry_id: int) -> DirectoryEntry:
    session.require(Permission.VIEW_REFERRALS, "directory.view")
    with session.vault.read() as conn:
        return DirectoryEntry.model_validate(directory_repo.get(conn, entry_id).values)


def search_directory(
    session: Session, text: str, *, active_only: bool = True, limit: int = SEARCH_LIMIT
) -> list[DirectoryListing]:
    """Search as you type: every word must appear in the name, specialty, kind or NPI (accents ignored)."""
    session.require(Permission.VIEW_REFERRALS, "directory.view")
    words = normalize_for_search(text).split()
    with session.vault.read() as conn:
        found = directory_repo.search(conn, words, active_only=active_only, limit=limit)
    return [DirectoryListing(e.id, DirectoryEntry.model_validate(e.values)) for e in found]
