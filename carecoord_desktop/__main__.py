"""`carecoord-desktop [--demo] [--vault PATH]`: logging, the crash handler, then the GUI."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from pathlib import Path
from types import TracebackType

from carecoord_desktop.build_info import build_info
from carecoord_desktop.crash_report import crash_report, write_crash_log
from carecoord_desktop.file_modes import owner_only

log = logging.getLogger("carecoord_desktop")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="carecoord-desktop", description="CareCoord Desktop")
    parser.add_argument("--demo", action="store_true", help="open (and create once) the demo practice")
    parser.add_argument("--vault", type=Path, help="the vault file to open (.ccvault)")
    parser.add_argument("--version", action="version", version=f"CareCoord Desktop {build_info().label}")
    return parser.parse_args(argv)


def setup_logging(folder: Path) -> Path | None:
    """Events only (started, signed in, locked); never patient data or what anyone typed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "carecoord-desktop.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        folder = None  # type: ignore[assignment]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its per-opening chatter says nothing useful
    return folder


def install_excepthook(folder: Path | None) -> None:
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = crash_report(exc_type, exc, tb)
        path = write_crash_log(folder, report)
        log.error("Unexpected error (%s); crash log: %s", exc_type.__qualname__, path)
        sys.stderr.write(report)
        if showing:
            return
        try:
            from PySide6.QtWidgets import QApplication

            from carecoord_desktop.ui.dialogs.crash import CrashDialog

            if QApplication.instance() is not None:
                showing = True
                try:
                    CrashDialog(path).exec()
                finally:
                    showing = False
        except Exception:
            log.error("Could not show the crash dialog (%s)", sys.exc_info()[0])

    sys.excepthook = hook


def main(argv: list[str] | None = None) -> int:
    owner_only()  # before the first file (the log) is written
    args = parse_args(argv)
    from carecoord_desktop.ui.app_config import log_folder

    folder = setup_logging(log_folder())
    install_excepthook(folder)
    log.info("CareCoord Desktop %s starting%s", build_info().label, " (demo)" if args.demo else "")
    from carecoord_desktop.app import run

    return run(demo_mode=args.demo, vault=args.vault)


if __name__ == "__main__":
    sys.exit(main())
