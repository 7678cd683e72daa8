"""The SHA-256 of what the frozen build depends on beyond the code: packaging/, resources/ and constraints.txt.

    python3 packaging/fingerprint.py           prints it
    python3 packaging/fingerprint.py --check   exits 1 when it differs from packaging/smoke-tested.sha256

packaging/build.sh writes it to packaging/smoke-tested.sha256 after a passing smoke test; .ci/run runs build.sh
only when it differs, so the usual CI stays short. Standard library only: CI runs it before any virtualenv exists.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "packaging" / "smoke-tested.sha256"
SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def fingerprint() -> str:
    digest = hashlib.sha256()
    files = [ROOT / "constraints.txt"]
    for folder in (ROOT / "packaging", ROOT / "resources"):
        files += [p for p in folder.rglob("*") if p.is_file() and not SKIPPED_PARTS & set(p.parts)]
    for path in sorted(set(files) - {RECORD}):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def main() -> int:
    current = fingerprint()
    if sys.argv[1:] == ["--check"]:
        recorded = RECORD.read_text().strip() if RECORD.exists() else ""
        return 0 if recorded == current else 1
    print(current)
    return 0


if __name__ == "__main__":
    sys.exit(main())
