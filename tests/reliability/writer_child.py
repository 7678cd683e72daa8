"""Child for the crash trials: writes realistic transactions until it is killed.

Each line `committed <key>` is printed only after the transaction returned (committed and fsynced:
synchronous=FULL), so every reported key must survive a SIGKILL.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from carecoord_desktop.services import auth, drafts, practice
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf

set_default_kdf(KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1))


def main() -> None:
    vault, password, trial = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(trial)
    session = auth.sign_in(vault, "admin", password)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        key = f"t{trial}-{n}"
        roll = rng.random()
        if roll < 0.8:
            payload = {
                "name": f"Patient {key}",
                "notes": "x" * rng.randint(10, 20_000),
                "meds": list(range(rng.randint(0, 50))),
            }
            drafts.save_draft(session, key, payload)
        elif roll < 0.9:
            practice.update_settings(session, idle_lock_minutes=rng.randint(1, 60))
            key = "settings"
        else:
            session.vault.checkpoint()
            key = "checkpoint"
        print(f"committed {key}", flush=True)


if __name__ == "__main__":
    main()
