"""Errors a user can cause. Each carries a plain sentence the UI and CLI show as-is."""

from __future__ import annotations


class UserError(Exception):
    """Something the person at the keyboard can fix; never a bug."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(UserError):
    """Input was refused; `field_errors` maps a field name to its message."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = field_errors or {}


class SignInFailed(UserError):
    pass


class AccountDisabled(SignInFailed):
    pass


class PermissionDenied(UserError):
    pass


class VaultNotFound(UserError):
    pass


class VaultInUse(UserError):
    pass


class VaultDamaged(UserError):
    pass


class StorageUnavailable(UserError):
    """The disk refused a write: full, read-only, or gone."""


class NoKeyringAvailable(UserError):
    pass


class NotFound(UserError):
    pass


class RecordUnreadable(UserError):
    """A stored record that this version cannot read (damaged, or written by a newer version)."""
