"""A signed-in person working on an open vault: every service call goes through one of these."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.errors import PermissionDenied, UserError, ValidationFailed
from carecoord_desktop.domain.practice import STORED, PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services.permissions import DESCRIPTIONS, Permission, allowed
from carecoord_desktop.storage import audit, settings_repo, staff_repo
from carecoord_desktop.storage.audit_seal import AuditSeed
from carecoord_desktop.storage.vault import Vault

T = TypeVar("T")


@dataclass(frozen=True)
class StaffMember:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    must_change_password: bool
    stay_signed_in: bool


def staff_from_row(row: Any) -> StaffMember:
    return StaffMember(
        id=row.id,
        username=row.username,
        full_name=row.full_name,
        role=Role(row.role),
        active=bool(row.active),
        must_change_password=bool(row.must_change_password),
        stay_signed_in=bool(row.stay_signed_in),
    )


def load_staff(conn: Connection, username: str) -> StaffMember | None:
    row = staff_repo.by_username(conn, username)
    return None if row is None else staff_from_row(row)


def workstation_name() -> str:
    try:
        return socket.gethostname()[:64]
    except OSError:
        return "unknown"


@dataclass
class NewPatientId:
    """A patient id known only after an insert inside an audited write; the audit entry names it then::

    new = NewPatientId()
    with session.audited_write(Permission.EDIT_PATIENT_DEMOGRAPHICS, "patient.add", patient_id=new) as conn:
        new.id = patients_repo.add(conn, ...)
    """

    id: int | None = None


def _patient(patient_id: int | NewPatientId | None) -> int | None:
    return patient_id.id if isinstance(patient_id, NewPatientId) else patient_id


def _failure(exc: UserError) -> dict[str, Any]:
    """What a failed action's audit entry says: the kind of error and which fields, not the typed values
    (a message such as "Another patient already has MRN …" would copy an identifier into the log)."""
    detail: dict[str, Any] = {"error": type(exc).__name__}
    if isinstance(exc, ValidationFailed):
        detail["fields"] = sorted(exc.field_errors)
    else:
        detail["reason"] = exc.message[:200]
    return detail


class Session:
    def __init__(
        self,
        vault: Vault,
        user: StaffMember,
        clock: PracticeClock | None = None,
        *,
        audit_seed: AuditSeed | None = None,
        handed_over_from: frozenset[int] = frozenset(),
    ) -> None:
        self.vault = vault
        self.user = user
        self.workstation = workstation_name()
        self._clock = clock
        # The audit trail's verifying seed, when this user's key slot holds it (administrators, recovery).
        self.audit_seed = audit_seed
        # Staff whose sessions this one took over on this computer (their unsaved input may be kept for them).
        self.handed_over_from = handed_over_from
        # What the sign-in found that the user must be told (a vault behind its anchor).
        self.warnings: list[str] = []

    # -- the practice clock --------------------------------------------------------------------
    @property
    def clock(self) -> PracticeClock:
        """Now and today in the practice's time zone, with its business-day calendar (read once)."""
        if self._clock is None:
            with self.vault.read() as conn:
                raw = settings_repo.get(conn, settings_repo.PRACTICE_KEY)
            self._clock = PracticeSettings.model_validate(raw, context=STORED).clock()
        return self._clock

    @clock.setter
    def clock(self, clock: PracticeClock) -> None:
        self._clock = clock

    # -- permissions ---------------------------------------------------------------------------
    def can(self, permission: Permission) -> bool:
        return self.user.active and not self.user.must_change_password and allowed(self.user.role, permission)

    def require(
        self, permission: Permission, action: str, *, patient_id: int | None = None, subject: str = ""
    ) -> None:
        """Refuse (and audit the refusal) unless the user's role has `permission`."""
        if self.can(permission):
            return
        if self.user.must_change_password:
            self.audit_separately(
                action, "refused", subject=subject, detail={"reason": "must change password"}
            )
            raise PermissionDenied("Choose a new password before doing anything else.")
        self.audit_separately(
            action,
            "refused",
            patient_id=patient_id,
            subject=subject,
            detail={"missing_permission": permission.value},
        )
        raise PermissionDenied(
            f"Your role ({self.user.role.label}) is not allowed to {DESCRIPTIONS[permission]}."
        )

    # -- audited work --------------------------------------------------------------------------
    def record(
        self,
        conn: Connection,
        action: str,
        *,
        outcome: str = "ok",
        patient_id: int | None = None,
        subject: str = "",
        detail: dict[str, Any] | None = None,
    ) -> int:
        return audit.append(
            conn,
            self.vault.audit_key,
            username=self.user.username,
            staff_id=self.user.id,
            action=action,
            outcome=outcome,
            patient_id=patient_id,
            subject=subject,
            detail=detail,
            workstation=self.workstation,
        )

    def audit_separately(
        self,
        action: str,
        outcome: str,
        *,
        patient_id: int | None = None,
        subject: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """An entry in its own transaction, for refusals and failures whose own transaction rolled back."""
        with contextlib.suppress(UserError), self.vault.write("the audit entry") as conn:
            self.record(conn, action, outcome=outcome, patient_id=patient_id, subject=subject, detail=detail)

    @contextmanager
    def audited_write(
        self,
        permission: Permission,
        action: str,
        *,
        patient_id: int | NewPatientId | None = None,
        subject: str = "",
        detail: dict[str, Any] | None = None,
        what: str = "your change",
    ) -> Iterator[Connection]:
        """Permission check, then one transaction that ends with the audit entry.

        The one way to write: services write patient data only inside this. `patient_id` may be a
        NewPatientId filled in after an insert. If the work fails with a UserError, the transaction rolls
        back and a 'failed' entry is written.
        """
        self.require(permission, action, patient_id=_patient(patient_id), subject=subject)
        try:
            with self.vault.write(what) as conn:
                yield conn
                self.record(conn, action, patient_id=_patient(patient_id), subject=subject, detail=detail)
        except UserError as exc:
            self.audit_separately(
                action, "failed", patient_id=_patient(patient_id), subject=subject, detail=_failure(exc)
            )
            raise

    def audited_read(
        self,
        permission: Permission,
        action: str,
        work: Callable[[Connection], T],
        *,
        patient_id: int | None = None,
        subject: str = "",
        detail: dict[str, Any] | None = None,
    ) -> T:
        """A read that is itself worth an audit entry (opening a chart, exporting)."""
        self.require(permission, action, patient_id=patient_id, subject=subject)
        with self.vault.write() as conn:
            result = work(conn)
            self.record(conn, action, patient_id=patient_id, subject=subject, detail=detail)
        return result

    def refresh_user(self) -> None:
        with self.vault.read() as conn:
            fresh = load_staff(conn, self.user.username)
        if fresh is not None:
            self.user = fresh
