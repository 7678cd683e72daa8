"""Shared fixtures: real SQLCipher vaults in temp folders, a cheap KDF, an in-memory keyring."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import auth, staff
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ADMIN_PASSWORD = "correct horse battery staple"
NURSE_PASSWORD = "tulip meadow 4821 lantern"
FRONT_PASSWORD = "harbor violet 7713 granite"
PROVIDER_PASSWORD = "copper willow 5590 summit"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak", action="store_true", default=False, help="run the long reliability soak (>= 500 kills)"
    )


@pytest.fixture(autouse=True)
def cheap_kdf() -> Iterator[None]:
    """Argon2id at test cost: the product default stays strong (see storage/keys.py STRONG_KDF)."""
    previous = set_default_kdf(TEST_KDF)
    yield
    set_default_kdf(previous)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict, for machines without a Secret Service."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.store:
            raise PasswordDeleteError("not found")
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "practice" / "elm-street.ccvault"


@pytest.fixture
def admin_session(vault_path: Path) -> Iterator[Session]:
    session, _recovery = auth.create_practice(
        auth.NewPractice(
            vault_path,
            PracticeSettings(practice_name="Elm Street Family Practice"),
            "admin",
            "Ada Admin",
            ADMIN_PASSWORD,
        )
    )
    yield session
    session.vault.close()


TEST_KDF = KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1)
STAFF = (
    ("nina", "Nina Okafor", Role.NURSE_COORDINATOR, NURSE_PASSWORD),
    ("fred", "Fred Lindqvist", Role.FRONT_DESK, FRONT_PASSWORD),
    ("priya", "Dr Priya Raman", Role.PROVIDER, PROVIDER_PASSWORD),
)


def make_practice(
    path: Path, name: str = "Elm Street Family Practice", *, synthetic: bool = False
) -> Session:
    """A new vault with admin, nina (nurse coordinator), fred (front desk) and priya (provider); admin signed in.

    `synthetic`: made-up patients may be added (synthetic_practice.fill refuses other practices)."""
    session, _ = auth.create_practice(
        auth.NewPractice(
            path,
            PracticeSettings(practice_name=name),
            "admin",
            "Ada Admin",
            ADMIN_PASSWORD,
            synthetic=synthetic,
        )
    )
    for username, full_name, role, password in STAFF:
        staff.add_staff(session, username, full_name, role, password, password, must_change_password=False)
    return session


@pytest.fixture
def practice(vault_path: Path) -> Path:
    """A closed vault with one account per role; returns its path."""
    auth.sign_out(make_practice(vault_path))
    return vault_path


def sign_in(path: Path, username: str) -> Session:
    password = {
        "admin": ADMIN_PASSWORD,
        "nina": NURSE_PASSWORD,
        "fred": FRONT_PASSWORD,
        "priya": PROVIDER_PASSWORD,
    }
    return auth.sign_in(path, username, password[username])


def nurse_opens_charts(path: Path, patient_ids: tuple[int, ...] = (11, 12, 13)) -> None:
    """Nina signs in, opens these charts (each an audited chart.open entry) and signs out."""
    from carecoord_desktop.services.permissions import Permission

    nina = sign_in(path, "nina")
    for patient_id in patient_ids:
        nina.audited_read(
            Permission.VIEW_PATIENT_DEMOGRAPHICS, "chart.open", lambda _c: None, patient_id=patient_id
        )
    auth.sign_out(nina)
