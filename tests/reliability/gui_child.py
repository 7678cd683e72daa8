"""Child for the file-mode walk: the GUI's start-up (`carecoord-desktop --vault V`), with the window part
replaced by what a session writes outside the vault: the workstation settings, the recovery sheet saved
as a PDF, a crash log, a failed and a good sign-in. Everything before the window is the real start-up.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from carecoord_desktop import __main__ as entry
from carecoord_desktop.storage.keys import KdfSettings, set_default_kdf

set_default_kdf(KdfSettings(time_cost=1, memory_kib=8 * 1024, parallelism=1))


def session(*, demo_mode: bool, vault: Path | None) -> int:
    from PySide6.QtWidgets import QApplication, QFileDialog

    from carecoord_desktop.domain.errors import SignInFailed
    from carecoord_desktop.services import auth
    from carecoord_desktop.ui.app_config import WorkstationConfig
    from carecoord_desktop.ui.dialogs import crash, recovery_sheet

    assert vault is not None and not demo_mode
    app = QApplication([])
    WorkstationConfig.load().remember_vault(vault)
    auth.sign_out(auth.sign_in(vault, "admin", sys.argv[2]))
    with contextlib.suppress(SignInFailed):  # the failed sign-in record stays until the next sign-in
        auth.sign_in(vault, "admin", "not the password")
    pdf_path = vault.parent / "recovery-sheet.pdf"
    QFileDialog.getSaveFileName = lambda *_a, **_k: (str(pdf_path), "")  # type: ignore[assignment,method-assign]
    recovery_sheet.save_pdf(None, b"%PDF-1.4 (a recovery sheet)\n", pdf_path)  # type: ignore[arg-type]
    crash.CrashDialog.exec = lambda _self: 0  # type: ignore[assignment,method-assign]
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    app.quit()
    return 0


if __name__ == "__main__":
    import carecoord_desktop.app

    carecoord_desktop.app.run = session  # type: ignore[assignment]
    sys.exit(entry.main(["--vault", sys.argv[1]]))
