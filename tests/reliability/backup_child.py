"""Child for the leftover trials: an unattended backup that stops (holding its locks) once its copy is made.

Prints `ready` when the working copy exists, then sleeps until it is killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from carecoord_desktop.services import backup_unattended
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf

set_default_kdf(KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1))


def main() -> None:
    vault, folder, key_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])

    def progress(stage: str, _fraction: float) -> None:
        if stage.startswith("Counting"):  # the keyed working copy is complete in the work folder
            print("ready", flush=True)
            time.sleep(600)

    backup_unattended.unattended_backup(vault, folder, key_file=key_file, progress=progress)


if __name__ == "__main__":
    main()
