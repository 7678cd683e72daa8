"""demo create: the demo practice, headless."""

from __future__ import annotations

import argparse
from typing import Any

from carecoord_desktop.cli.arguments import CliError, bounded_int, path_arg
from carecoord_desktop.services.demo import create_demo
from carecoord_desktop.services.demo_accounts import DEMO_ACCOUNTS, demo_vault_path

MAX_PATIENTS = 200_000  # twice the largest practice the benchmarks build (100,000)


def _create(args: argparse.Namespace) -> int:
    if demo_vault_path(args.dir).exists():
        raise CliError(f"{args.dir} already holds a demo vault; choose an empty folder.")
    if args.dir.exists() and (not args.dir.is_dir() or any(args.dir.iterdir())):
        raise CliError(
            f"{args.dir} is not an empty folder; choose a new or empty folder for the demo practice."
        )
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
    p.add_argument("dir", type=path_arg)
    p.add_argument(
        "--patients",
        type=bounded_int(0, MAX_PATIENTS, "--patients"),
        default=2000,
        help="synthetic patients (default 2000)",
    )
    p.add_argument(
        "--seed",
        type=bounded_int(0, 2**32 - 1, "--seed"),
        default=1,
        help="random seed (same seed, same practice)",
    )
    p.set_defaults(handler=_create)
