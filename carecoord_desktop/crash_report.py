"""What a bug leaves behind, for the GUI's crash handler and the CLI alike: frames and type, never the message.

An exception's message may quote a value (a name, a date of birth), so it is left out of everything that
is printed or logged; the frames say where the bug is.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from carecoord_desktop.build_info import build_info


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The traceback's frames and the exception's type only (no message, no chained exceptions' messages)."""
    frames = "".join(traceback.format_tb(tb))
    return (
        f"CareCoord Desktop {build_info().label} crashed at {datetime.now().isoformat(timespec='seconds')}\n"
        f"Python {sys.version.split()[0]} on {sys.platform}\n\n"
        f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}\n"
    )


def write_crash_log(folder: Path | None, report: str) -> Path | None:
    if folder is None:
        return None
    path = folder / f"crash-{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.log"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(report)
    except OSError:
        return None
    return path
