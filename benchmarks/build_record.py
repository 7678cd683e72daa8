"""Reusing a benchmark vault only when it is the vault this run would build.

A harness that builds a large practice writes a build record beside the vault (``NAME.build.json``) once the
build is complete. A later run reuses the vault only when that record names the same harness, harness version,
schema revision, size and seed; otherwise (an older harness, a newer schema, an interrupted build with no
record) it deletes the vault and builds it again, so figures are never measured on a stale practice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from carecoord_desktop.storage.vault import sidecar_paths


@dataclass(frozen=True)
class BuildRecord:
    """What a benchmark vault was built as: equal records mean an equal practice."""

    harness: str
    harness_version: int
    schema_revision: str
    patients: int
    seed: int

    @staticmethod
    def path_for(vault: Path) -> Path:
        return vault.with_suffix(".build.json")

    def write(self, vault: Path, **figures: Any) -> None:
        """Record a finished build (the last step of building), with figures such as the time it took."""
        path = self.path_for(vault)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps({**asdict(self), **figures}, indent=2) + "\n")
        os.replace(temporary, path)

    def matches(self, vault: Path) -> bool:
        """Whether ``vault`` and its key slots exist and its build record names exactly this build."""
        stored = read_build_record(vault)
        if stored is None or not all(part.exists() for part in sidecar_paths(vault)[:2]):
            return False
        return all(stored.get(key) == value for key, value in asdict(self).items())


def read_build_record(vault: Path) -> dict[str, Any] | None:
    """The build record beside ``vault``, or None where there is none (or it cannot be read)."""
    try:
        stored = json.loads(BuildRecord.path_for(vault).read_text())
    except (OSError, ValueError):
        return None
    return stored if isinstance(stored, dict) else None


def ensure_built(vault: Path, wanted: BuildRecord, build: Callable[[Path], None]) -> bool:
    """Reuse ``vault`` if its build record matches ``wanted`` (True); otherwise rebuild it with ``build``.

    ``build(vault)`` must make the vault from nothing and write ``wanted``'s record as its last step.
    """
    if wanted.matches(vault):
        return True
    # The record goes first: a rebuild interrupted from here on leaves no record, so it is never reused.
    for stale in [BuildRecord.path_for(vault), *sidecar_paths(vault)]:
        stale.unlink(missing_ok=True)
    build(vault)
    if not wanted.matches(vault):
        raise RuntimeError(f"building {vault.name} did not leave the build record this run expects")
    return False
