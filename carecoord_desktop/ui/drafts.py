"""The draft protocol: an area or form holding unsaved input can hand it over and take it back.

When the window locks and someone else signs in, the main window asks each area for `draft_state()` and
keeps it (encrypted, in the vault) for the first user; when that user is back, `restore_draft()` puts the
input back. Passwords are never part of a draft.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class HoldsDraft(Protocol):
    """The key a holder's input is kept under is its area's `AreaSpec.draft_key` (ui/areas.py)."""

    def draft_state(self) -> dict[str, Any] | None:
        """The unsaved input, or None when there is nothing worth keeping."""

    def restore_draft(self, payload: dict[str, Any]) -> None:
        """Put the input back where it was."""
