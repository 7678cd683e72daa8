"""What every stored clinical row carries besides its own facts: stamps and, when it was a mistake, why.

These are read models: they describe what was saved and are never validated with input rules.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.validation import Text, require_text

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")


class Stamps(BaseModel):
    """Who created and last changed a row, and when (UTC ISO text, as storage keeps it)."""

    model_config = _MODEL_CONFIG

    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


class EnteredInError(BaseModel):
    """A row that should never have been recorded: kept, hidden from current lists, with the reason."""

    model_config = _MODEL_CONFIG

    reason: Text = Field(max_length=500)
    by: str
    at: str


class _Reason(BaseModel):
    reason: Text = Field(max_length=500)

    @field_validator("reason", mode="before")
    @classmethod
    def _required(cls, value: object) -> object:
        return require_text(value, "Say why this was entered in error")


def entered_in_error_reason(value: object, what: str) -> str:
    """The reason a person gave for marking `what` ("allergy", "stay") entered-in-error, cleaned; blank or too
    long is a plain ValidationFailed on the reason field."""
    try:
        return _Reason.model_validate({"reason": value}).reason
    except ValidationError:
        raise ValidationFailed(
            f"Say why this {what} was entered in error.", {"reason": "Say why this was entered in error."}
        ) from None
