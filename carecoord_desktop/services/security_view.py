"""Admin → Security: what an administrator must know about the vault's keys and its integrity.

The anchor's status (keyring or backups only), every time the vault was found behind its anchor, key
rotations, and accounts an administrator created and then appears to have used themselves (the app
cannot stop an administrator making an account for themselves; it can show it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from carecoord_desktop.services import anchoring, key_rotation
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import audit
from carecoord_desktop.storage.audit import AuditEntry, AuditFilter
from carecoord_desktop.storage.clock import parse_utc

SAME_COMPUTER_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class AccountToReview:
    username: str
    created_by: str
    created_at: str
    first_used_at: str
    why: str


@dataclass(frozen=True)
class SecurityOverview:
    anchor_status: str
    behind_anchor: list[AuditEntry]
    rotations: list[AuditEntry]
    accounts_to_review: list[AccountToReview]


def _review(created: AuditEntry, first_use: AuditEntry) -> str:
    creator = created.username
    if first_use.detail.get("took_over_from") == creator:
        return f"first signed in by taking over {creator}'s session on {first_use.workstation}"
    soon = parse_utc(first_use.at) - parse_utc(created.at) <= SAME_COMPUTER_WINDOW
    if first_use.workstation == created.workstation and soon:
        return f"first signed in on {first_use.workstation}, where {creator} created it, within the hour"
    return ""


def accounts_made_then_used(entries: list[AuditEntry]) -> list[AccountToReview]:
    """From staff.add and sign_in entries in order: accounts whose first use looks like their creator's."""
    created: dict[str, AuditEntry] = {}
    found: list[AccountToReview] = []
    for entry in entries:
        if entry.action == "staff.add" and entry.outcome == "ok":
            created[entry.subject] = entry
        elif entry.action == "sign_in" and entry.outcome == "ok" and entry.username in created:
            made = created.pop(entry.username)
            why = _review(made, entry)
            if why:
                found.append(AccountToReview(entry.username, made.username, made.at, entry.at, why))
    return found


def security_overview(session: Session) -> SecurityOverview:
    """Looking is itself audited."""
    with session.audited_write(Permission.VIEW_AUDIT, "security.view") as conn:
        events = list(
            audit.iter_all(
                conn,
                AuditFilter(actions=(anchoring.BEHIND_ACTION, key_rotation.ACTION, "staff.add", "sign_in")),
            )
        )
    return SecurityOverview(
        anchor_status=anchoring.keyring_status(),
        behind_anchor=[e for e in events if e.action == anchoring.BEHIND_ACTION],
        rotations=[e for e in events if e.action == key_rotation.ACTION],
        accounts_to_review=accounts_made_then_used(events),
    )
