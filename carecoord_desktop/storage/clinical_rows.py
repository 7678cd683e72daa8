"""What every clinical row's repository reads and writes besides its own facts: stamps and entered-in-error."""

from __future__ import annotations

from typing import Any

from carecoord_desktop.domain.stored import EnteredInError, Stamps
from carecoord_desktop.storage.clock import utc_now


def new_stamps(actor: str) -> dict[str, str]:
    """The stamp columns of a row created now by `actor`."""
    now = utc_now()
    return {"created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor}


def stamps_of(row: Any) -> Stamps:
    return Stamps(
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def entered_in_error_of(row: Any) -> EnteredInError | None:
    if not row.entered_in_error_reason:
        return None
    return EnteredInError(
        reason=row.entered_in_error_reason, by=row.entered_in_error_by or "", at=row.entered_in_error_at or ""
    )


def entered_in_error_values(reason: str, actor: str) -> dict[str, str]:
    """The columns that mark a row entered-in-error now, by `actor`, with the reason."""
    return {"entered_in_error_reason": reason, "entered_in_error_by": actor, "entered_in_error_at": utc_now()}
