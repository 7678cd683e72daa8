"""Everything the app writes is readable by its owner only: each entry point sets this first.

On POSIX the process umask becomes 077, so every file the app or a library it calls creates is 0600 and
every folder 0700 (logs, crash logs, the workstation settings, a saved recovery sheet, the vault's
folder). Files that hold keys or backups are also created 0600 explicitly where they are written.
"""

from __future__ import annotations

import os

OWNER_ONLY = 0o077


def owner_only() -> int:
    """Make new files and folders private to the user from now on; returns the previous umask."""
    if os.name == "nt":  # Windows: a user's profile folders are private already
        return 0
    return os.umask(OWNER_ONLY)


def restore(previous: int) -> None:
    if os.name != "nt":
        os.umask(previous)
