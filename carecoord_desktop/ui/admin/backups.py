"""Admin → Backups: where and when, back up now, last good backup, verify, restore into a new vault, drills.

Every action runs in a pool worker with progress; the widget holds no rule (services.backup does).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.backup_policy import SCHEDULE_CHOICES, RestoreNeedsConfirmation
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import auth, backup
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.forms.fields import FormFields
from carecoord_desktop.ui.theme import ERROR, MUTED, SUCCESS
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout
from carecoord_desktop.ui.workers import JobControl, Task, in_flight, start_job

BACKUP_FILTER = "CareCoord backups (*.ccbackup)"
BACKUP_JOB = "backups.panel"
VAULT_FILTER = "CareCoord vault (*.ccvault)"


# Dialog seams: tests replace these instead of driving native dialogs.
def ask_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, "Choose the backup folder", start)


def ask_backup_file(parent: QWidget, start: str) -> str:
    return QFileDialog.getOpenFileName(parent, "Choose a backup", start, BACKUP_FILTER)[0]


def ask_new_vault(parent: QWidget, start: str) -> str:
    return QFileDialog.getSaveFileName(parent, "Restore into a new vault file", start, VAULT_FILTER)[0]


def confirm(parent: QWidget, title: str, text: str, details: str, accept_label: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName("backupConfirm")
    box.setInformativeText(details)
    accept = box.addButton(accept_label, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is accept


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


class BackupsPanel(QWidget):
    """The admin area for backups. `status_changed(text, overdue)` lets the main window refresh its status bar."""

    status_changed = Signal(str, bool)
    restored = Signal(object)  # Path of a vault restored from a backup

    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("backupsPanel")
        self.session = session
        self._busy = False
        self.task: Task | None = None  # the running backup, check, drill or restore (the window waits for it)
        layout = page_layout(
            self,
            "Backups",
            "Encrypted copies of this vault on a second drive, checked after every write. "
            "A restore always goes into a new vault file; the current one is kept.",
        )
        layout.addWidget(self._status_box())
        layout.addWidget(self._settings_box())
        layout.addWidget(self._check_box())
        layout.addStretch(1)
        self.load()
        if host is not None:
            self.status_changed.connect(host.show_backup_status)

    # -- building ------------------------------------------------------------------------------------
    def _status_box(self) -> QGroupBox:
        box = QGroupBox("Status")
        box.setObjectName("backupStatusBox")
        lay = QVBoxLayout(box)
        self.last_backup = QLabel()
        self.last_backup.setObjectName("backupLastGood")
        self.last_backup.setWordWrap(True)
        self.last_backup.setAccessibleName("Last good backup")
        row = QHBoxLayout()
        self.backup_now = _button("&Back up now", "backupNowButton", self._back_up_now)
        self.backup_now.setDefault(True)
        row.addWidget(self.backup_now)
        self.progress = QProgressBar()
        self.progress.setObjectName("backupProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.hide()
        row.addWidget(self.progress, 1)
        row.addStretch(0)
        self.stage = QLabel()
        self.stage.setObjectName("backupStage")
        self.stage.setStyleSheet(f"color:{MUTED};")
        self.stage.hide()
        self.notice = Notice("backupMessage")
        lay.addWidget(self.last_backup)
        lay.addLayout(row)
        lay.addWidget(self.stage)
        lay.addWidget(self.notice)
        return box

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("Where and when")
        box.setObjectName("backupSettingsBox")
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors = FormFields(Notice("backupSettingsMessage"), prefix="backup_")
        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.folder.setAccessibleName("Backup folder")
        self.folder.setPlaceholderText(
            "A USB drive or network share, e.g. /media/usb/carecoord or E:\\CareCoord"
        )
        browse = _button("Br&owse…", "backupBrowseButton", self._browse)
        folder_row = QWidget()
        fr = QHBoxLayout(folder_row)
        fr.setContentsMargins(0, 0, 0, 0)
        fr.addWidget(self.errors.wrap("folder", self.folder), 1)
        fr.addWidget(browse, 0, Qt.AlignmentFlag.AlignTop)
        self.schedule = QComboBox()
        self.schedule.setObjectName("backupSchedule")
        self.schedule.setAccessibleName("Automatic backups while the app is open")
        for hours, label in SCHEDULE_CHOICES.items():
            self.schedule.addItem(label, hours)
        self.at_sign_out = QCheckBox("Also back up when someone signs out or closes the app")
        self.at_sign_out.setObjectName("backupAtSignOut")
        self.keep_daily, self.keep_weekly, self.keep_monthly = (
            self._spin("backupKeepDaily", "Daily backups to keep", 366),
            self._spin("backupKeepWeekly", "Weekly backups to keep", 260),
            self._spin("backupKeepMonthly", "Monthly backups to keep", 240),
        )
        keep_row = QWidget()
        kr = QHBoxLayout(keep_row)
        kr.setContentsMargins(0, 0, 0, 0)
        for spin, word in (
            (self.keep_daily, "daily"),
            (self.keep_weekly, "weekly"),
            (self.keep_monthly, "monthly"),
        ):
            kr.addWidget(spin)
            kr.addWidget(QLabel(word))
        kr.addStretch(1)
        self.warn_days = self._spin(
            "backupWarnDays", "Warn when the last good backup is older than (days)", 30
        )
        self.warn_days.setMinimum(1)
        self.warn_days.valueChanged.connect(lambda n: self.warn_days.setSuffix(" day" if n == 1 else " days"))
        self.save_button = _button("&Save backup settings", "backupSaveButton", self._save)
        form.addRow(_buddy("&Folder", self.folder), folder_row)
        form.addRow(_buddy("&Schedule", self.schedule), self.schedule)
        form.addRow("", self.at_sign_out)
        form.addRow(_buddy("&Keep", self.keep_daily), self.errors.wrap("keep_daily", keep_row))
        form.addRow(_buddy("&Warn after", self.warn_days), self.warn_days)
        form.addRow("", self.save_button)
        form.addRow("", self.errors.general)
        return box

    def _spin(self, name: str, accessible: str, maximum: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setAccessibleName(accessible)
        spin.setRange(0, maximum)
        spin.setMaximumWidth(90)
        return spin

    def _check_box(self) -> QGroupBox:
        box = QGroupBox("Check and restore")
        box.setObjectName("backupCheckBox")
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.verify_button = _button("&Verify a backup file…", "backupVerifyButton", self._verify)
        self.drill_button = _button("&Test restore (drill)", "backupDrillButton", self._drill)
        self.restore_button = _button("&Restore…", "backupRestoreButton", self._restore)
        for b in (self.verify_button, self.drill_button, self.restore_button):
            row.addWidget(b)
        row.addStretch(1)
        self.report = QPlainTextEdit()
        self.report.setObjectName("backupReport")
        self.report.setAccessibleName("Backup check report")
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("Reports of checks, drills and restores appear here.")
        self.report.setMinimumHeight(130)
        lay.addLayout(row)
        lay.addWidget(self.report)
        can_restore = self.session.can(Permission.RESTORE)
        self.drill_button.setEnabled(can_restore)
        self.restore_button.setEnabled(can_restore)
        return box

    # -- state ---------------------------------------------------------------------------------------
    def load(self) -> None:
        policy = backup.backup_policy(self.session)
        self.folder.setText(policy.folder)
        index = self.schedule.findData(policy.interval_hours)
        self.schedule.setCurrentIndex(max(index, 0))
        self.at_sign_out.setChecked(policy.at_sign_out)
        self.keep_daily.setValue(policy.keep_daily)
        self.keep_weekly.setValue(policy.keep_weekly)
        self.keep_monthly.setValue(policy.keep_monthly)
        days = auth.practice_settings(self.session).backup_policy_days
        self.warn_days.setValue(days)
        self.warn_days.setSuffix(" day" if days == 1 else " days")
        editable = self.session.can(Permission.MANAGE_PRACTICE_SETTINGS)
        for widget in (
            self.folder,
            self.schedule,
            self.at_sign_out,
            self.keep_daily,
            self.keep_weekly,
            self.keep_monthly,
            self.warn_days,
            self.save_button,
        ):
            widget.setEnabled(editable)
        self.refresh_status()

    def refresh_status(self) -> None:
        text, overdue = backup.last_backup_status(self.session)
        color = ERROR if overdue else SUCCESS
        shown = (
            text.split(":")[0] + ": choose a folder below and back up now."
            if text.startswith("No backup")
            else text
        )
        self.last_backup.setText(("⚠ " if overdue else "✓ ") + shown)
        self.last_backup.setStyleSheet(f"color:{color};font-weight:600;")
        self.last_backup.setProperty("overdue", overdue)
        self.status_changed.emit(text, overdue)

    def _changes(self) -> dict[str, Any]:
        return {
            "folder": self.folder.text(),
            "interval_hours": int(self.schedule.currentData()),
            "at_sign_out": self.at_sign_out.isChecked(),
            "keep_daily": self.keep_daily.value(),
            "keep_weekly": self.keep_weekly.value(),
            "keep_monthly": self.keep_monthly.value(),
        }

    # -- actions -------------------------------------------------------------------------------------
    def _browse(self) -> None:
        chosen = ask_folder(self, self.folder.text() or str(Path.home()))
        if chosen:
            self.folder.setText(chosen)

    def _save(self) -> None:
        self.notice.retire()  # a new action: the last one's message (e.g. "choose a folder first") is over
        self.errors.clear_errors()
        try:
            backup.save_backup_policy(self.session, self._changes(), warn_after_days=self.warn_days.value())
        except UserError as exc:
            fields = getattr(exc, "field_errors", {})
            if any(k.startswith("keep") or k == "value" for k in fields) and "folder" not in fields:
                self.errors.set_error("keep_daily", next(iter(fields.values())))
            else:
                self.errors.show_error(exc)
            return
        self.errors.general.setText("Backup settings saved.")
        self.errors.general.show()
        self.refresh_status()

    def _set_busy(self, busy: bool, stage: str = "") -> None:
        self._busy = busy
        for b in (self.backup_now, self.verify_button, self.drill_button, self.restore_button):
            b.setEnabled(
                not busy
                and (b in (self.backup_now, self.verify_button) or self.session.can(Permission.RESTORE))
            )
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        self.stage.setText(stage)
        self.stage.setVisible(busy)

    def _on_progress(self, stage: str, fraction: float) -> None:
        self.stage.setText(stage + "…")
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 100))

    def _start(self, stage: str, work: Callable[[JobControl], Any], done: Callable[[Any], None]) -> None:
        """One backup action at a time (single flight): a second click while one runs does nothing."""
        if self._busy or in_flight(BACKUP_JOB):
            return
        self.notice.hide()
        self._set_busy(True, stage)

        def success(result: Any) -> None:
            self._set_busy(False)
            done(result)
            self.refresh_status()

        def failure(exc: UserError) -> None:
            self._set_busy(False)
            self.notice.say(exc.message, error=True)
            self.refresh_status()

        self.task = start_job(work, success, failure, key=BACKUP_JOB, on_progress=self._on_progress)

    def _back_up_now(self) -> None:
        self._start(
            "Backing up",
            lambda job: backup.back_up_now(self.session, progress=job.report),
            lambda outcome: self.notice.say(
                f"Backup written and verified: {outcome.path} ({outcome.size_bytes / 1e6:.1f} MB, "
                f"{outcome.seconds:.1f} s)."
                + (
                    f" {len(outcome.rotated_away)} older backups rotated away."
                    if outcome.rotated_away
                    else ""
                )
            ),
        )

    def _start_folder(self) -> str:
        return self.folder.text() or str(Path.home())

    def _verify(self) -> None:
        chosen = ask_backup_file(self, self._start_folder())
        if not chosen:
            return

        def shown(report: backup.VerifyReport) -> None:
            self.report.setPlainText(report.describe())
            self.notice.say(
                "The backup passed every check." if report.ok else "The backup FAILED its check.",
                error=not report.ok,
            )

        self._start(
            "Checking the backup",
            lambda job: backup.verify_backup_file(self.session, Path(chosen), progress=job.report),
            shown,
        )

    def _drill(self) -> None:

        def shown(report: backup.DrillReport) -> None:
            self.report.setPlainText(report.describe())
            self.notice.say(
                "Restore drill passed: the newest backup restores and opens."
                if report.ok
                else "Restore drill FAILED.",
                error=not report.ok,
            )

        self._start(
            "Test restore", lambda job: backup.restore_drill(self.session, progress=job.report), shown
        )

    def _restore(self) -> None:
        chosen = ask_backup_file(self, self._start_folder())
        if not chosen:
            return
        source = Path(chosen)
        self._start(
            "Reading the backup",
            lambda _job: backup.describe_backup(self.session, source),
            self._confirm_restore,
        )

    def _confirm_restore(self, contents: backup.BackupContents) -> None:
        summary = "\n".join(contents.summary_lines())
        self.report.setPlainText(summary)
        if contents.is_older and contents.losses:
            text = "This backup is older than the open vault. Restoring it loses:"
            details = "\n".join(f"• {loss}" for loss in contents.losses)
            details += "\n\nThe restore goes into a new vault file; the current vault is kept unchanged."
            if not confirm(self, "Restore an older backup?", text, details, "Restore and lose these changes"):
                self.notice.say("Restore cancelled; nothing was changed.")
                return
        else:
            text = "Restore this backup into a new vault file?"
            if not confirm(self, "Restore backup", text, summary, "Choose the new file…"):
                self.notice.say("Restore cancelled; nothing was changed.")
                return
        start = self.session.vault.path.parent
        target = ask_new_vault(self, str(start / f"{contents.manifest.vault_name}-restored.ccvault"))
        if not target:
            self.notice.say("Restore cancelled; nothing was changed.")
            return
        new_vault = Path(target if target.endswith(".ccvault") else target + ".ccvault")

        def work(job: JobControl) -> backup.RestoreOutcome:
            try:
                return backup.restore_to_new_vault(
                    self.session, contents.path, new_vault, confirm_loss=True, progress=job.report
                )
            except RestoreNeedsConfirmation as exc:  # the vault changed since the question: ask again
                raise UserError(exc.message) from None

        def done(outcome: backup.RestoreOutcome) -> None:
            self.report.setPlainText(
                summary + f"\n\nRestored into {outcome.vault_path}.\nThe current vault was not changed. "
                "Open the restored vault from the sign-in window to use it."
            )
            self.notice.say(f"Restored into {outcome.vault_path}.")
            self.restored.emit(outcome.vault_path)

        self._start("Restoring", work, done)
