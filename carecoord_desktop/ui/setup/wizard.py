"""First run: the practice, the first administrator, where the vault lives, then the recovery sheet."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from carecoord_desktop.documents.recovery_sheet import INSTRUCTIONS, RecoverySheet, build_recovery_sheet
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.passwords import check_new_password
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.services import auth
from carecoord_desktop.services.practice import validation_failed
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.app_config import default_vault_folder
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.dialogs.recovery_sheet import print_pdf, save_pdf
from carecoord_desktop.ui.forms.fields import FormFields, message_label
from carecoord_desktop.ui.widgets.password_strength import PasswordStrengthMeter
from carecoord_desktop.ui.widgets.region_combos import CountryCombo, StateCombo
from carecoord_desktop.ui.widgets.timezone_combo import TimeZoneCombo
from carecoord_desktop.ui.workers import run_in_worker


def practice_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:48] or "practice"


def _line(name: str, accessible: str, *, password: bool = False, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setPlaceholderText(placeholder)
    if password:
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(10)
    form.setHorizontalSpacing(14)
    return form


class PracticePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("practicePage")
        self.setTitle("Your practice")
        self.setSubTitle(
            "CareCoord keeps all of the practice's information in one encrypted file on this computer. "
            "Start with the practice's name and where it is."
        )
        self.name = _line("practiceName", "Practice name", placeholder="e.g. Elm Street Family Practice")
        self.time_zone = TimeZoneCombo()
        self.time_zone.setObjectName("timeZone")
        self.time_zone.setAccessibleName("Time zone")
        self.time_zone.set_zone("America/New_York")
        self.country = CountryCombo()
        self.country.setObjectName("country")
        self.country.setAccessibleName("Country")
        self.country.set_code("US")
        self.state = StateCombo(self.country)
        self.state.setObjectName("state")
        self.state.setAccessibleName("State or region")
        self.errors = FormFields(message_label("practiceError"))
        form = _form()
        form.addRow(_buddy("Practice &name", self.name), self.errors.wrap("practice_name", self.name))
        form.addRow(_buddy("&Time zone", self.time_zone), self.errors.wrap("time_zone", self.time_zone))
        form.addRow(_buddy("&Country", self.country), self.errors.wrap("country", self.country))
        form.addRow(_buddy("&State / region", self.state), self.errors.wrap("state", self.state))
        note = QLabel("Country and state choose the public holidays used for business-day deadlines later.")
        note.setProperty("hint", True)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        self.registerField("practiceName*", self.name)

    def settings(self) -> PracticeSettings:
        return PracticeSettings(
            practice_name=self.name.text(),
            time_zone=self.time_zone.zone(),
            country=self.country.code() or "US",
            state=self.state.code(),
        )

    def validatePage(self) -> bool:
        try:
            self.settings()
        except ValidationError as exc:
            self.errors.show_error(validation_failed(exc, "The practice"))
            return False
        self.errors.clear_errors()
        return True


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("adminPage")
        self.setTitle("First administrator")
        self.setSubTitle(
            "This account manages staff accounts, practice settings and the audit trail. "
            "Each person gets their own account later."
        )
        self.full_name = _line("adminFullName", "Full name", placeholder="e.g. Maria Lopez")
        self.username = _line("adminUsername", "Username", placeholder="e.g. mlopez")
        self.password = _line("adminPassword", "Password", password=True)
        self.confirm = _line("adminConfirm", "Confirm password", password=True)
        self.meter = PasswordStrengthMeter(self.password, self.user_words)
        self.errors = FormFields(message_label("adminError"))
        form = _form()
        form.addRow(_buddy("&Full name", self.full_name), self.errors.wrap("full_name", self.full_name))
        form.addRow(_buddy("&Username", self.username), self.errors.wrap("username", self.username))
        password_box = self.errors.wrap("password", self.password, below=self.meter)
        form.addRow(_buddy("&Password", self.password), password_box)
        form.addRow(_buddy("Con&firm password", self.confirm), self.errors.wrap("confirm", self.confirm))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        self.full_name.textEdited.connect(self._suggest_username)
        self._username_touched = False
        self.username.textEdited.connect(lambda _t: setattr(self, "_username_touched", True))
        for field in (self.full_name, self.username, self.password, self.confirm):
            field.textChanged.connect(self.completeChanged)

    def user_words(self) -> tuple[str, ...]:
        return (self.username.text().strip(), *self.full_name.text().split())

    def _suggest_username(self, text: str) -> None:
        if self._username_touched:
            return
        parts = text.lower().split()
        if len(parts) >= 2:
            self.username.setText(re.sub(r"[^a-z0-9]", "", parts[0][:1] + parts[-1])[:32])

    def isComplete(self) -> bool:
        return all(f.text() for f in (self.full_name, self.username, self.password, self.confirm))

    def validatePage(self) -> bool:
        self.errors.clear_errors()
        problems: dict[str, str] = {}
        for check in (
            lambda: auth.check_full_name(self.full_name.text()),
            lambda: auth.normalize_username(self.username.text()),
            lambda: check_new_password(
                self.password.text(), self.confirm.text(), user_words=self.user_words()
            ),
        ):
            try:
                check()
            except ValidationFailed as exc:
                problems.update(exc.field_errors or {"password": exc.message})
        if problems:
            self.errors.show_error(ValidationFailed(next(iter(problems.values())), problems))
            return False
        return True


class VaultPage(QWizardPage):
    """The commit page: 'Create vault' runs Argon2 and writes the files in a worker."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setObjectName("vaultPage")
        self.setTitle("Where to keep the vault")
        self.setSubTitle(
            "The vault is one encrypted file. Keep it on this computer's own disk; backups are made from it."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Create vault")
        self.location = _line("vaultLocation", "Vault file")
        self.browse = QPushButton("&Browse…")
        self.browse.setObjectName("browseVault")
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.location, 1)
        row.addWidget(self.browse)
        row_widget = QWidget()
        row_widget.setLayout(row)
        self.errors = FormFields(message_label("vaultError"))
        form = _form()
        form.addRow(_buddy("&Vault file", self.location), self.errors.wrap("vault_path", row_widget))
        self.progress = QProgressBar()
        self.progress.setObjectName("createProgress")
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("createStatus")
        self.status.setProperty("hint", True)
        note = QLabel(
            "Next, CareCoord shows a recovery key. It is the only way back in if every administrator "
            "password is lost, so have a printer or a safe place for a PDF ready."
        )
        note.setWordWrap(True)
        note.setProperty("hint", True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        self._busy = False
        self._location_touched = False
        self.location.textEdited.connect(lambda _t: setattr(self, "_location_touched", True))
        self.location.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        if not self._location_touched:
            slug = practice_slug(self._wizard.practice_page.name.text())
            self.location.setText(str(default_vault_folder() / f"{slug}.ccvault"))

    def vault_path(self) -> Path:
        path = Path(self.location.text().strip()).expanduser()
        return path if path.suffix == ".ccvault" else path.with_name(path.name + ".ccvault")

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Where to keep the vault", self.location.text(), "CareCoord vaults (*.ccvault)"
        )
        if name:
            self._location_touched = True
            self.location.setText(name)

    def isComplete(self) -> bool:
        return not self._busy and bool(self.location.text().strip())

    def validatePage(self) -> bool:
        if self._wizard.session is not None:
            return True
        self._start()
        return False

    def _start(self) -> None:
        if self._busy:
            return
        self.errors.clear_errors()
        path = self.vault_path()
        if path.exists():
            self.errors.set_error(
                "vault_path", "A vault already exists there. Choose another name or folder."
            )
            return
        admin = self._wizard.admin_page
        new = auth.NewPractice(
            vault_path=path,
            settings=self._wizard.practice_page.settings(),
            admin_username=admin.username.text(),
            admin_full_name=admin.full_name.text(),
            admin_password=admin.password.text(),
            admin_password_confirm=admin.confirm.text(),
        )
        self._set_busy(True)
        run_in_worker(lambda: auth.create_practice(new), self._created, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.status.setText("Creating the encrypted vault…" if busy else "")
        for widget in (self.location, self.browse):
            widget.setEnabled(not busy)
        self._wizard.button(QWizard.WizardButton.CancelButton).setEnabled(not busy)
        self.completeChanged.emit()

    def _created(self, result: tuple[Session, str]) -> None:
        self._set_busy(False)
        self._wizard.session, self._wizard.recovery_key = result
        self._wizard.next()

    def _failed(self, exc: UserError) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            self.errors.show_message(exc.message)
        else:
            self.errors.set_error("vault_path", exc.message)


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setObjectName("recoveryPage")
        self.setTitle("Recovery sheet")
        self.setSubTitle(
            "Print this sheet or save it as a PDF, then store it somewhere safe, away from this computer."
        )
        self.facts = QLabel()
        self.facts.setObjectName("recoveryFacts")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QFrame()
        box.setObjectName("recoveryKeyBox")
        self.key_label = QLabel()
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setAccessibleName("Recovery key")
        caption = QLabel("Recovery key")
        caption.setProperty("hint", True)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(12, 10, 12, 12)
        box_layout.addWidget(caption)
        box_layout.addWidget(self.key_label)
        instructions = QLabel(
            "<ul style='margin-left:-20px'>" + "".join(f"<li>{t}</li>" for t in INSTRUCTIONS[:3]) + "</ul>"
        )
        instructions.setObjectName("recoveryInstructions")
        instructions.setWordWrap(True)
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printRecoverySheet")
        self.print_button.clicked.connect(self._print)
        self.save_button = QPushButton("Save as P&DF…")
        self.save_button.setObjectName("saveRecoverySheet")
        self.save_button.clicked.connect(self._save)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("recoverySaved")
        self.saved_label.setProperty("hint", True)
        self.error = message_label("recoveryError")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_label, 1)
        self.stored = QCheckBox("&I have stored the recovery sheet safely")
        self.stored.setObjectName("storedSafely")
        self.stored.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(box)
        layout.addWidget(instructions)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.stored, 0, Qt.AlignmentFlag.AlignLeft)

    def sheet(self) -> RecoverySheet:
        session = self._wizard.session
        assert session is not None and self._wizard.recovery_key is not None
        return RecoverySheet(
            practice_name=self._wizard.practice_page.name.text().strip(),
            vault_id=session.vault.vault_id,
            vault_file=str(session.vault.path),
            recovery_key=self._wizard.recovery_key,
            created_on=session.clock.today(),
            admin_username=session.user.username,
        )

    def initializePage(self) -> None:
        sheet = self.sheet()
        self.facts.setText(
            f"<table cellspacing='3'><tr><td><b>Practice</b>&nbsp;&nbsp;</td><td>{sheet.practice_name}</td></tr>"
            f"<tr><td><b>Vault id</b></td><td>{sheet.vault_id}</td></tr>"
            f"<tr><td><b>Vault file</b></td><td>{sheet.vault_file}</td></tr>"
            f"<tr><td><b>Date</b></td><td>{format_date(sheet.created_on)}</td></tr></table>"
        )
        self.key_label.setText(sheet.recovery_key)

    def _pdf(self) -> bytes:
        return build_recovery_sheet(self.sheet())

    def _print(self) -> None:
        if print_pdf(self, self._pdf()):
            self.saved_label.setText("Sent to the printer.")

    def _save(self) -> None:
        self.error.hide()
        suggested = Path.home() / f"{practice_slug(self.sheet().practice_name)}-recovery-sheet.pdf"
        try:
            path = save_pdf(self, self._pdf(), suggested)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        if path is not None:
            self.saved_label.setText(f"Saved to {path}. Print it or move it to safe storage.")

    def isComplete(self) -> bool:
        return self.stored.isChecked()


class SetupWizard(QWizard):
    """Emits `practice_created(session)` when the admin finishes; the session is signed in."""

    practice_created = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle("Set up CareCoord Desktop")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(680, 560)
        self.session: Session | None = None
        self.recovery_key: str | None = None
        self.practice_page = PracticePage()
        self.admin_page = AdminPage()
        self.vault_page = VaultPage(self)
        self.recovery_page = RecoveryPage(self)
        for page in (self.practice_page, self.admin_page, self.vault_page, self.recovery_page):
            self.addPage(page)
        for button, name in (
            (QWizard.WizardButton.NextButton, "wizardNext"),
            (QWizard.WizardButton.BackButton, "wizardBack"),
            (QWizard.WizardButton.CommitButton, "wizardCommit"),
            (QWizard.WizardButton.FinishButton, "wizardFinish"),
            (QWizard.WizardButton.CancelButton, "wizardCancel"),
        ):
            self.button(button).setObjectName(name)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Finish")

    def accept(self) -> None:
        super().accept()
        if self.session is not None:
            self.practice_created.emit(self.session)

    def reject(self) -> None:
        if self.session is not None:
            # The vault exists; the recovery step must be confirmed before leaving.
            return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.session is not None and not self.recovery_page.stored.isChecked():
            event.ignore()
            return
        super().closeEvent(event)
