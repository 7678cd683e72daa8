"""demo create: the demo practice, headless."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from carecoord_desktop.cli.common import CliError
from carecoord_desktop.services.demo import DEMO_ACCOUNTS, create_demo, demo_vault_path


def _create(args: argparse.Namespace) -> int:
    if args.patients < 0:
        raise CliError("--patients must be 0 or more.")
    if demo_vault_path(args.dir).exists():
        raise CliError(f"{args.dir} already holds a demo vault; choose an empty folder.")
    path = create_demo(args.dir, patients=args.patients, seed=args.seed)
    print(f"Demo practice created: {path}")
    print("Sign in with (these passwords are public and protect no real data):")
    for account in DEMO_ACCOUNTS:
        print(f"  {account.username:<10} {account.password:<20} {account.role.label}")
    return 0


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="the demo practice").add_subparsers(
        dest="demo_command", metavar="ACTION", required=True
    )
    p = demo.add_parser("create", help="create a demo practice vault in DIR")
    p.add_argument("dir", type=Path)
    p.add_argument("--patients", type=int, default=2000, help="synthetic patients (default 2000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same practice)")
    p.set_defaults(handler=_create)
