"""Child for the key-slot trials: changes the admin password back and forth until it is killed.

Prints `changed-to <n>` after each change returned; passwords are `PASSWORDS[n]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from carecoord_desktop.domain.errors import SignInFailed
from carecoord_desktop.services import auth
from carecoord_desktop.storage.keys import KdfSettings, KeySlotsFile, set_default_kdf

set_default_kdf(KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1))
PASSWORDS = ("correct horse battery staple", "lantern orchid 9931 glacier")


def which_password(vault: Path) -> int:
    """Which password opens the vault, tried on the keys file (no sign-in attempts, so no throttling)."""
    keys = KeySlotsFile.load(vault.with_name(vault.name + ".keys"))
    for index, password in enumerate(PASSWORDS):
        try:
            keys.unwrap_any("user", "admin", password.encode())
            return index
        except SignInFailed:
            continue
    raise SystemExit("neither password opens the vault")


def main() -> None:
    vault = Path(sys.argv[1])
    current = which_password(vault)
    session = auth.sign_in(vault, "admin", PASSWORDS[current])
    print("ready", flush=True)
    while True:
        new = 1 - current
        auth.change_password(session, PASSWORDS[current], PASSWORDS[new], PASSWORDS[new])
        current = new
        print(f"changed-to {current}", flush=True)


if __name__ == "__main__":
    main()
