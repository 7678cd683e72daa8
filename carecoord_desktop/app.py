"""Builds the QApplication and walks the user from start-up to the main window.

First run → set-up wizard; a known vault → "stay signed in" through the keyring if this user opted in,
otherwise the sign-in window; a reset password → the change-password dialog before anything else.

Only Qt and the sign-in window are imported before the sign-in window shows; the services, the main window
and the wizard are imported where they are first needed, and warmed up in the background meanwhile
(ui/startup.py).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from carecoord_desktop.assets import resource_path
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.ui import startup
from carecoord_desktop.ui.app_config import WorkstationConfig
from carecoord_desktop.ui.signin.signin_window import SignInWindow
from carecoord_desktop.ui.theme import apply_theme
from carecoord_desktop.ui.workers import run_in_worker

if TYPE_CHECKING:
    from carecoord_desktop.services.session import Session
    from carecoord_desktop.ui.dialogs.change_password import ChangePasswordDialog
    from carecoord_desktop.ui.main_window import MainWindow
    from carecoord_desktop.ui.setup.wizard import SetupWizard

log = logging.getLogger(__name__)


class CareCoordApp(QObject):
    """Owns whichever top-level window is showing; there is only ever one."""

    def __init__(
        self,
        *,
        demo_mode: bool = False,
        vault: Path | None = None,
        config: WorkstationConfig | None = None,
        demo_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.demo = demo_mode
        self.vault_arg = vault
        self.config = config or WorkstationConfig.load()
        self.demo_folder = demo_folder
        self.window: QWidget | None = None
        self.wizard: SetupWizard | None = None
        self.sign_in_window: SignInWindow | None = None
        self.main_window: MainWindow | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.progress: QProgressDialog | None = None

    # -- start ---------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.demo:
            self._prepare_demo()
            return
        path = self.vault_arg or (Path(self.config.last_vault) if self.config.last_vault else None)
        if path is not None and path.exists():
            self.open_vault(path)
        else:
            self.show_wizard(path)

    def _prepare_demo(self) -> None:
        from carecoord_desktop.services.demo_accounts import default_demo_folder, demo_vault_path

        existing = demo_vault_path(self.demo_folder or default_demo_folder())
        if existing.exists():  # the usual start: no need to load the demo builder
            self.show_sign_in(existing)
            return
        progress = QProgressDialog("Preparing the demo practice…", "", 0, 0)
        progress.setObjectName("demoProgress")
        progress.setWindowTitle("CareCoord Desktop — DEMO")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.setMinimumDuration(0)
        progress.show()
        self.progress = progress
        folder = self.demo_folder

        def ready(path: Path) -> None:
            progress.close()
            self.show_sign_in(path)

        def failed(exc: UserError) -> None:
            progress.close()
            QMessageBox.critical(None, "Demo practice", exc.message)
            QApplication.quit()

        def prepare() -> Path:
            from carecoord_desktop.services import demo

            return demo.ensure_demo(folder)

        run_in_worker(prepare, ready, failed)

    def open_vault(self, path: Path) -> None:
        remembered = self.config.remembered_user(path)
        if not remembered:
            self.show_sign_in(path)
            return

        def keyring_failed(exc: UserError) -> None:
            self.show_sign_in(path, notice=exc.message)

        def sign_in() -> Session:
            from carecoord_desktop.services import auth

            return auth.sign_in_with_keyring(path, remembered)

        run_in_worker(sign_in, self.signed_in, keyring_failed)

    # -- windows -------------------------------------------------------------------------------------
    def _replace_window(self, window: QWidget) -> None:
        old = self.window
        self.window = window
        window.show()
        if old is not None and old is not window:
            if isinstance(old, SignInWindow):
                old.hand_over()
            elif old is not self.main_window:
                old.close()
            old.deleteLater()

    def show_wizard(self, location: Path | None = None) -> SetupWizard:
        from carecoord_desktop.ui.setup.wizard import SetupWizard

        wizard = SetupWizard()
        if location is not None:
            wizard.vault_page.location.setText(str(location))
            wizard.vault_page._location_touched = True
        wizard.practice_created.connect(self.signed_in)
        wizard.rejected.connect(QApplication.quit)
        self.wizard = wizard
        self._replace_window(wizard)
        return wizard

    def show_sign_in(self, path: Path, notice: str = "") -> SignInWindow:
        window = SignInWindow(path, demo=self.demo, notice=notice)
        window.signed_in.connect(self.signed_in)
        window.closed.connect(QApplication.quit)
        self.sign_in_window = window
        # The rest of the app is imported while the person types; not before: the first paint gets the machine.
        startup.first_paint(window, "sign-in", then=startup.warm_up.start_once)
        self._replace_window(window)
        return window

    def signed_in(self, session: Session) -> None:
        if not self.demo:
            self.config.remember_vault(session.vault.path)
        if session.user.must_change_password:
            from carecoord_desktop.ui.dialogs.change_password import ChangePasswordDialog

            dialog = ChangePasswordDialog(session, required=True, parent=self.window)
            dialog.accepted.connect(lambda: self.open_main(session))
            dialog.rejected.connect(lambda: self._refuse(session))
            self.password_dialog = dialog
            dialog.open()
            return
        self.open_main(session)

    def _refuse(self, session: Session) -> None:
        from carecoord_desktop.services import auth

        path = session.vault.path
        auth.sign_out(session)
        self.show_sign_in(path, notice="You were signed out. Choose a new password next time you sign in.")

    def close_all(self) -> None:
        """Close whatever is showing without quitting (used when embedding, and by tests)."""
        window, self.window = self.window, None
        if isinstance(window, SignInWindow):
            window.hand_over()
        elif window is not None:
            window.blockSignals(True)
            window.close()

    def open_main(self, session: Session) -> MainWindow:
        from carecoord_desktop.ui.main_window import MainWindow

        window = MainWindow(session, demo=self.demo, config=self.config)
        startup.first_paint(window, "main")
        path = session.vault.path
        window.signed_out.connect(lambda: self.show_sign_in(path))
        window.quit_requested.connect(QApplication.quit)
        self.main_window = window
        self._replace_window(window)
        window.offer_drafts()
        return window


def build_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv)
    app.setApplicationName("CareCoord Desktop")
    app.setOrganizationName("CareCoord")
    app.setWindowIcon(QIcon(str(resource_path("icons", "carecoord-desktop-256.png"))))
    app.setDesktopFileName("org.carecoord.CareCoordDesktop")  # packaging/*.desktop: the icon on Wayland
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    return app


def run(*, demo_mode: bool = False, vault: Path | None = None) -> int:
    app = build_application()
    controller = CareCoordApp(demo_mode=demo_mode, vault=vault)
    controller.start()
    code = app.exec()
    startup.warm_up.stop()
    # Delete the windows while the application is still there: left to Python's exit, PySide deletes them in an
    # order that crashed (a segmentation fault when the sign-in window was closed the moment it appeared).
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    log.info("CareCoord Desktop closed")
    return int(code)
