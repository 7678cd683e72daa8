"""Backup, verify and restore times and the backup's size for an existing vault. Prints one JSON object.

    python -m benchmarks.backup --vault PATH [--user admin] [--password-stdin] [--work-dir DIR] [--json FILE]

The vault is only read: the database key comes from the user's key slot (no sign-in, no audit entry, no
lock), exactly as `carecoord backup` reads a vault the app holds open. The backup, its check and the
restored copy go into a temp folder (or --work-dir) that is removed afterwards. Without --password-stdin
the benchmark vault's password from benchmarks.panel is used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.panel import BENCH_PASSWORD
from carecoord_desktop.storage import backup as store
from carecoord_desktop.storage.keys import KeySlotsFile


def measure(vault: Path, user: str, password: str, work_parent: Path | None) -> dict[str, Any]:
    keys = KeySlotsFile.load(vault.with_name(vault.name + ".keys"))
    dek = keys.unwrap_any("user", user, password.encode("utf-8"))
    work = Path(tempfile.mkdtemp(prefix="carecoord-bench-", dir=work_parent))
    try:
        start = time.perf_counter()
        made = store.create_backup(
            vault, dek, work / "backups", created_by=user, workstation="bench", reason="bench"
        )
        backup_s = time.perf_counter() - start
        start = time.perf_counter()
        report = store.verify_backup(made.path, lambda _keys: dek, work_parent=work)
        verify_s = time.perf_counter() - start
        start = time.perf_counter()
        restored = store.restore_backup(made.path, lambda _keys: dek, work / "restored" / "copy.ccvault")
        restore_s = time.perf_counter() - start
        vault_bytes = sum(
            p.stat().st_size for p in (vault, vault.with_name(vault.name + "-wal")) if p.exists()
        )
        return {
            "vault": str(vault),
            "vault_mb": round(vault_bytes / 1e6, 1),
            "patients": made.manifest.row_counts.get("patients"),
            "backup_s": round(backup_s, 2),  # snapshot + encrypt + fsync + the verification after writing
            "verify_s": round(verify_s, 2),
            "restore_s": round(restore_s, 2),
            "backup_mb": round(made.size_bytes / 1e6, 1),
            "verified": report.ok and restored.report.ok,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vault", required=True, type=Path)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-stdin", action="store_true")
    parser.add_argument(
        "--work-dir", type=Path, help="where the backup and the restored copy go (temp by default)"
    )
    parser.add_argument("--json", type=Path, help="also write the JSON here")
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else BENCH_PASSWORD
    result = measure(args.vault, args.user, password, args.work_dir)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
