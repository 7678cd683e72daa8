"""Where the shared real-data folder is (../shared/data beside the repository, or two levels up from a
worktree); tests that need it skip, saying so, when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_data(*parts: str) -> Path:
    candidates = (
        [Path(os.environ["CARECOORD_SHARED_DATA"])] if os.environ.get("CARECOORD_SHARED_DATA") else []
    )
    candidates += [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    for folder in candidates:
        if folder.joinpath(*parts).exists():
            return folder.joinpath(*parts)
    pytest.skip(f"the shared data folder with {'/'.join(parts)} is not beside this repository")
