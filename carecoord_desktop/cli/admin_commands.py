"""init, users, audit, vault info, change-password."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from carecoord_desktop.cli.arguments import bounded_int, day_arg, file_arg
from carecoord_desktop.cli.common import Secrets, add_vault_args, open_session
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import audit_trail, auth, key_rotation, staff, vault_info
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.practice import validation_failed
from carecoord_desktop.services.session import Session

Handler = Callable[[argparse.Namespace], int]


@contextlib.contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[tuple[Session, Secrets]]:
    secrets = Secrets(args.password_stdin)
    session = open_session(args, secrets)
    try:
        yield session, secrets
    finally:
        auth.sign_out(session)


def _init(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    secrets = Secrets(args.password_stdin)
    try:
        settings = PracticeSettings(
            practice_name=args.practice,
            time_zone=args.time_zone,
            country=args.country,
            state=args.state or "",
        )
    except ValidationError as exc:
        raise validation_failed(exc, "The practice") from None
    password, confirm = secrets.read_new("New admin password: ", 0)
    session, recovery_key = auth.create_practice(
        auth.NewPractice(args.vault, settings, args.admin, args.full_name or args.admin, password, confirm)
    )
    vault_id = session.vault.vault_id
    auth.sign_out(session)
    print(f"Created {args.vault} for {settings.practice_name} (vault id {vault_id}).")
    print()
    print("RECOVERY KEY (write it down or print it, and store it away from this computer):")
    print(f"    {recovery_key}")
    print("It opens the vault if every administrator password is lost. Anyone holding it can open the vault.")
    return 0


def _users_list(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        members = staff.list_staff(session)
    print(f"{'USERNAME':<16} {'NAME':<28} {'ROLE':<18} STATUS")
    for m in members:
        status = "active" if m.active else "disabled"
        if m.active and m.must_change_password:
            status += ", must change password"
        print(f"{m.username:<16} {m.full_name:<28} {m.role.label:<18} {status}")
    return 0


def _users_add(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, secrets):
        password, confirm = secrets.read_new("First password for the new user: ", 1)
        member = staff.add_staff(
            session, args.username, args.full_name, Role.parse(args.role), password, confirm
        )
    print(f"Added {member.username} ({member.role.label}); they must choose a new password at first sign-in.")
    return 0


NOT_YET_REVOKED = (
    "A copy of the keys file or a backup taken before now still opens the vault with the old password until "
    "the database key is rotated ({how})."
)


def _rotate_or_offer(session: Session, rotate: bool) -> None:
    if rotate:
        for line in key_rotation.rotate_database_key(session).lines():
            print(line)
    else:
        print(NOT_YET_REVOKED.format(how="add --rotate-key, or run: carecoord vault rotate-key"))


def _users_disable(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        staff.disable_staff(session, args.username)
        print(f"Disabled {args.username}: their key slot is gone from the keys file; their history is kept.")
        _rotate_or_offer(session, args.rotate_key)
    return 0


def _users_reset(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, secrets):
        password, confirm = secrets.read_new("Temporary password: ", 1)
        staff.reset_password(session, args.username, password, confirm)
        print(f"Password reset for {args.username}; they must choose a new one at next sign-in.")
        _rotate_or_offer(session, args.rotate_key)
    return 0


def _vault_rotate_key(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        _rotate_or_offer(session, True)
    return 0


def _change_password(args: argparse.Namespace) -> int:
    secrets = Secrets(args.password_stdin)
    current = secrets.read("Current password: ", 0)
    session = auth.sign_in(args.vault, args.user, current)
    try:
        new, confirm = secrets.read_new("New password: ", 1)
        auth.change_password(session, current, new, confirm)
    finally:
        auth.sign_out(session)
    print(
        "Password changed. " + NOT_YET_REVOKED.format(how="an administrator runs: carecoord vault rotate-key")
    )
    return 0


MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer


def _audit_filter(args: argparse.Namespace) -> AuditFilter:
    since, until = args.since, args.until
    return AuditFilter(
        username=args.filter_user,
        patient_id=args.patient,
        action=args.action,
        since=f"{since.isoformat()}T00:00:00" if since else None,
        until=f"{(until + timedelta(days=1)).isoformat()}T00:00:00" if until else None,
    )


def _audit_verify(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        report = audit_trail.verify(session)
    print(report.describe())
    if not report.ok:
        if report.first_broken_seq is not None:
            print(f"First broken entry: #{report.first_broken_seq}")
        return 2
    return 0


def _audit_export(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        rows = audit_trail.export_csv(session, _audit_filter(args), args.out)
    print(f"Exported {rows} audit entries to {args.out}.")
    return 0


def _vault_info(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        info = vault_info.vault_info(session)
    rows: list[tuple[str, Any]] = [
        ("Vault", info.path),
        ("Vault id", info.vault_id),
        ("App version", info.app_version),
        ("Created with", info.created_with),
        ("Schema", f"{info.schema_revision} (this app: {info.schema_head})"),
        ("SQLCipher", info.sqlcipher_version),
        ("Key slots", ", ".join(f"{kind}:{label}" for kind, label in info.key_slots)),
        ("Size", f"{info.size_bytes / 1024:.0f} KiB"),
        ("Integrity check", info.integrity),
    ]
    for label, value in rows:
        print(f"{label + ':':<17} {value}")
    return 0 if info.integrity == "ok" else 2


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create a new practice vault with its first administrator")
    init.add_argument("vault", type=file_arg)
    init.add_argument("--practice", required=True, help="practice name")
    init.add_argument("--admin", required=True, help="username of the first administrator")
    init.add_argument("--full-name", help="full name of the first administrator")
    init.add_argument("--time-zone", default="America/New_York")
    init.add_argument("--country", default="US")
    init.add_argument("--state", default="")
    init.add_argument("--password-stdin", action="store_true", help="read the admin password from stdin")
    init.set_defaults(handler=_init)

    users = commands.add_parser("users", help="staff accounts (administrators)").add_subparsers(
        dest="users_command", metavar="ACTION", required=True
    )
    p = users.add_parser("list", help="list staff accounts")
    add_vault_args(p)
    p.set_defaults(handler=_users_list)
    p = users.add_parser("add", help="add a staff account (its first password is the 2nd stdin line)")
    add_vault_args(p)
    p.add_argument("username")
    p.add_argument("--full-name", required=True)
    p.add_argument("--role", required=True, help="admin, provider, nurse_coordinator or front_desk")
    p.set_defaults(handler=_users_add)
    p = users.add_parser("disable", help="disable a staff account (accounts are never deleted)")
    add_vault_args(p)
    p.add_argument("username")
    p.add_argument(
        "--rotate-key", action="store_true", help="then rotate the database key (revokes old copies)"
    )
    p.set_defaults(handler=_users_disable)
    p = users.add_parser("reset-password", help="set a temporary password (2nd stdin line)")
    add_vault_args(p)
    p.add_argument("username")
    p.add_argument(
        "--rotate-key", action="store_true", help="then rotate the database key (revokes old copies)"
    )
    p.set_defaults(handler=_users_reset)

    audit = commands.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True
    )
    p = audit.add_parser("verify", help="check the hash chain and the stored head")
    add_vault_args(p)
    p.set_defaults(handler=_audit_verify)
    p = audit.add_parser("export", help="export entries to CSV (the export is itself audited)")
    add_vault_args(p)
    p.add_argument("--out", required=True, type=file_arg)
    p.add_argument("--filter-user")
    p.add_argument("--patient", type=bounded_int(1, MAX_ROW_ID, "a patient id"))
    p.add_argument("--action")
    p.add_argument("--since", type=day_arg, help="YYYY-MM-DD")
    p.add_argument("--until", type=day_arg, help="YYYY-MM-DD (inclusive)")
    p.set_defaults(handler=_audit_export)

    vault = commands.add_parser("vault", help="the vault file").add_subparsers(
        dest="vault_command", metavar="ACTION", required=True
    )
    p = vault.add_parser("info", help="versions, key slots, size, integrity check")
    add_vault_args(p)
    p.set_defaults(handler=_vault_info)
    p = vault.add_parser(
        "rotate-key",
        help="new database key for every active slot; old slots and keys-file copies open nothing new",
    )
    add_vault_args(p)
    p.set_defaults(handler=_vault_rotate_key)

    p = commands.add_parser("change-password", help="change your password (stdin: current, then new)")
    add_vault_args(p)
    p.set_defaults(handler=_change_password)
