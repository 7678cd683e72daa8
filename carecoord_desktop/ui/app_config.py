"""The workstation's small settings file: which vault was used last and who asked to stay signed in.

It never holds patient data or secrets; only a file path and usernames.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "CareCoord Desktop"
log = logging.getLogger(__name__)


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "workstation.json"


def default_vault_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


@dataclass
class WorkstationConfig:
    path: Path
    last_vault: str | None = None
    # vault path -> username of the person who opted in to "stay signed in" on this computer
    stay_signed_in: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> WorkstationConfig:
        path = path or config_path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(raw, dict):
            return cls(path)
        remembered = raw.get("stay_signed_in")
        return cls(
            path,
            last_vault=raw.get("last_vault") if isinstance(raw.get("last_vault"), str) else None,
            stay_signed_in={str(k): str(v) for k, v in remembered.items()}
            if isinstance(remembered, dict)
            else {},
        )

    def save(self) -> None:
        body = json.dumps({"last_vault": self.last_vault, "stay_signed_in": self.stay_signed_in}, indent=2)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(body, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            # Losing this file only means choosing the vault again next time.
            log.warning("Could not save the workstation settings (%s)", type(exc).__name__)

    def remember_vault(self, vault: Path) -> None:
        self.last_vault = str(vault)
        self.save()

    def remembered_user(self, vault: Path) -> str | None:
        return self.stay_signed_in.get(str(vault))

    def set_remembered_user(self, vault: Path, username: str | None) -> None:
        if username is None:
            with contextlib.suppress(KeyError):
                del self.stay_signed_in[str(vault)]
        else:
            self.stay_signed_in[str(vault)] = username
        self.save()
