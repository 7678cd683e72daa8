"""What the demo practice is called, where it lives and its accounts: light enough for the sign-in window and
the app's start, which must not import the demo builder (services/demo.py) when the demo already exists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from carecoord_desktop.domain.roles import Role

DEMO_VAULT_NAME = "demo-practice.ccvault"
DEMO_PRACTICE = "Riverside Family Medicine (DEMO)"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    password: str


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Alex Morgan", Role.ADMIN, "maple-harbor-2026"),
    DemoAccount("drpatel", "Dr Anika Patel", Role.PROVIDER, "cedar-lantern-2026"),
    DemoAccount("nurse", "Jordan Rivera RN", Role.NURSE_COORDINATOR, "birch-meadow-2026"),
    DemoAccount("frontdesk", "Sam Okafor", Role.FRONT_DESK, "aspen-river-2026"),
)


def default_demo_folder() -> Path:
    return Path(platformdirs.user_data_dir("CareCoord Desktop", appauthor=False)) / "demo"


def demo_vault_path(folder: Path) -> Path:
    return folder / DEMO_VAULT_NAME
