"""Which build this is: the version (written once, in carecoord_desktop/__init__.py) and, for a frozen build,
the date and commit it was built from.

The frozen build (packaging/carecoord-desktop.spec) writes `build-info.json` into the bundled resources folder; a
source checkout or a wheel has none and says so, so a support call can always tell the two apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from carecoord_desktop import __version__
from carecoord_desktop.assets import resource_path

BUILD_INFO_FILE = "build-info.json"


@dataclass(frozen=True)
class BuildInfo:
    version: str
    built: str = ""  # the build's date, YYYY-MM-DD (UTC)
    commit: str = ""  # the source commit, abbreviated

    @property
    def build(self) -> str:
        """ "built 2026-11-28, commit b8add75", or "from source"."""
        if not self.built:
            return "from source"
        return f"built {self.built}, commit {self.commit or 'unknown'}"

    @property
    def label(self) -> str:
        """ "0.1.0 (built 2026-11-28, commit b8add75)": what --version prints."""
        return f"{self.version} ({self.build})"


@cache
def build_info() -> BuildInfo:
    try:
        path = resource_path(BUILD_INFO_FILE)
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BuildInfo(__version__)
    return BuildInfo(__version__, built=str(raw.get("built", "")), commit=str(raw.get("commit", "")))
