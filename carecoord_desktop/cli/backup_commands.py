"""backup (unattended), backup verify, backup setup-unattended / disable-unattended, restore.

`carecoord backup --vault V --to DIR` needs no password: it opens the vault with the unattended-backup
key slot, whose secret is in this computer's keyring (or in a key file given with --key-file), and it
works while the app has the vault open. See docs/backups.md for cron, systemd and Task Scheduler.
"""

from __future__ import annotations

import argparse
from typing import Any

from carecoord_desktop.cli.admin_commands import signed_in
from carecoord_desktop.cli.arguments import CliError, file_arg, path_arg
from carecoord_desktop.cli.common import Secrets, add_vault_args
from carecoord_desktop.services import backup_unattended as unattended
from carecoord_desktop.services.backup_credentials import Credential


def _credential(args: argparse.Namespace) -> Credential:
    chosen = [bool(args.user), bool(args.recovery_key), args.key_file is not None]
    if sum(chosen) > 1:
        raise CliError("Give only one of --user, --recovery-key and --key-file.")
    secrets = Secrets(args.password_stdin)
    if args.user:
        return Credential(username=args.user, password=secrets.read("Password: ", 0))
    if args.recovery_key:
        return Credential(recovery_key=secrets.read("Recovery key: ", 0))
    if args.key_file is not None:
        return Credential(key_file=args.key_file)
    return Credential()


def _add_credential_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("what opens the backup (default: this computer's keyring backup key)")
    group.add_argument(
        "--user",
        help="a staff username whose password worked when the backup was made (to restore: an administrator)",
    )
    group.add_argument("--recovery-key", action="store_true", help="ask for the vault's recovery key instead")
    group.add_argument("--key-file", type=file_arg, help="the unattended-backup key file")
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password or recovery key from the first line of stdin",
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def _unattended(args: argparse.Namespace) -> int:
    if args.backup_vault is None:
        raise CliError(
            "Give the vault to back up: carecoord backup --vault V --to DIR (or an ACTION, see --help)."
        )
    outcome = unattended.unattended_backup(args.backup_vault, args.backup_to, key_file=args.backup_key_file)
    if not args.quiet:
        print(
            f"Backup written and verified: {outcome.path} ({_size(outcome.size_bytes)}, {outcome.seconds:.1f} s)."
            + (
                f" Rotation removed {len(outcome.rotated_away)} older backups."
                if outcome.rotated_away
                else ""
            )
        )
    return 0


def _verify(args: argparse.Namespace) -> int:
    report, recorded = unattended.verify_file(args.file, _credential(args), audit_vault=args.vault)
    print(report.describe())
    if args.vault is not None and not recorded:
        print(
            f"(The check could not be recorded in {args.vault}'s audit trail: it is another vault or not writable.)"
        )
    return 0 if report.ok else 2


def _setup(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        message = unattended.setup_unattended(session, args.key_file)
    print(message)
    print(
        f"Test it now: carecoord backup --vault {args.vault} --to DIR"
        + (f" --key-file {args.key_file}" if args.key_file else "")
    )
    return 0


def _disable(args: argparse.Namespace) -> int:
    with signed_in(args) as (session, _):
        removed = unattended.disable_unattended(session)
    print(f"Unattended backups are off for this vault ({removed} key slot(s) removed).")
    return 0


def _restore(args: argparse.Namespace) -> int:
    unattended.check_restore_target(args.to)  # before asking for a password
    credential = _credential(args)
    manifest, losses = unattended.inspect_file(args.file, credential, args.current)
    when = manifest.created_at[:16].replace("T", " ")
    print(f"The backup holds vault '{manifest.vault_name}' as of {when} UTC (made by {manifest.created_by}):")
    quiet = {"alembic_version", "audit_head", "meta"}
    print(
        "  "
        + ", ".join(
            f"{t.replace('_', ' ')} {n}" for t, n in sorted(manifest.row_counts.items()) if t not in quiet
        )
    )
    if losses and not args.confirm_loss:
        raise CliError(
            "The backup is older than the current vault; restoring it loses: "
            + "; ".join(losses)
            + ". Add --confirm-loss to restore anyway (into the new file; the current vault is kept)."
        )
    outcome = unattended.restore_file(
        args.file, credential, args.to, current=args.current, confirm_loss=args.confirm_loss
    )
    print(f"Restored into {outcome.vault_path}. The current vault was not touched.")
    print(
        "Sign in to the restored vault with any password (or the recovery key) that worked when the backup was made."
    )
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser(
        "backup",
        help="back up a vault without a password (unattended), or check and set up backups",
        description="carecoord backup --vault V --to DIR makes one verified backup using the unattended-backup key.",
    )
    p.add_argument("--vault", dest="backup_vault", type=file_arg, help="the .ccvault file to back up")
    p.add_argument(
        "--to", dest="backup_to", type=path_arg, help="the backup folder (default: the one set in the app)"
    )
    p.add_argument("--key-file", dest="backup_key_file", type=file_arg, help="the unattended-backup key file")
    p.add_argument("--quiet", action="store_true", help="print nothing on success (for cron)")
    p.set_defaults(handler=_unattended)
    actions = p.add_subparsers(dest="backup_command", metavar="ACTION")

    v = actions.add_parser("verify", help="decrypt and check a .ccbackup file")
    v.add_argument("file", type=file_arg)
    v.add_argument("--vault", type=file_arg, help="record the check in this vault's audit trail")
    _add_credential_args(v)
    v.set_defaults(handler=_verify)

    s = actions.add_parser("setup-unattended", help="let scheduled backups open the vault (admin)")
    add_vault_args(s)
    s.add_argument(
        "--key-file", type=file_arg, help="keep the backup key in this new file instead of the keyring"
    )
    s.set_defaults(handler=_setup)

    d = actions.add_parser("disable-unattended", help="remove the unattended-backup key (admin)")
    add_vault_args(d)
    d.set_defaults(handler=_disable)

    r = commands.add_parser("restore", help="restore a .ccbackup into a NEW vault file")
    r.add_argument("file", type=file_arg)
    r.add_argument("--to", required=True, type=file_arg, help="the new .ccvault file (must not exist)")
    r.add_argument(
        "--current", type=file_arg, help="the current vault, to be told what the restore would lose"
    )
    r.add_argument(
        "--confirm-loss", action="store_true", help="restore even when the backup is older than --current"
    )
    _add_credential_args(r)
    r.set_defaults(handler=_restore)
