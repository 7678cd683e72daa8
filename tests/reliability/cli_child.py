"""Child for the file-mode walk: `carecoord ARGS` in its own process (the test KDF, nothing else changed)."""

from __future__ import annotations

import sys

from carecoord_desktop.cli import main
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf

set_default_kdf(KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1))

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
