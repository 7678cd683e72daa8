"""Child for the leftover trials: a restore killed (SIGKILL, by itself) at its last step.

The last step puts the restored files in place by renames; this child kills itself at the rename that
puts the second of them in place, so the first is there and the second is not.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from carecoord_desktop.services import backup_unattended
from carecoord_desktop.services.backup_credentials import Credential
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf

set_default_kdf(KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1))


def main() -> None:
    source, target, password = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    real_replace = os.replace
    placed: list[str] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).parent == target.parent and Path(dst).name.startswith(target.name):
            placed.append(str(dst))
            if len(placed) == 2:
                print("killing", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)

    os.replace = replace  # type: ignore[assignment]
    backup_unattended.restore_file(source, Credential(username="admin", password=password), target)


if __name__ == "__main__":
    main()
