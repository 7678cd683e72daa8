"""Backup services: permissions, audit entries, settings, schedule, rotation, restore confirmation, drills."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from carecoord_desktop.domain.backup_policy import (
    BackupAlreadyRunning,
    BackupKeyRefused,
    RestoreNeedsConfirmation,
)
from carecoord_desktop.domain.errors import NoKeyringAvailable, PermissionDenied, UserError, ValidationFailed
from carecoord_desktop.services import audit_trail, auth, backup, backup_unattended, drafts
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.backup_credentials import Credential
from carecoord_desktop.services.session import Session
from tests.conftest import ADMIN_PASSWORD, NURSE_PASSWORD, sign_in


def entries(session: Session, action: str) -> list[audit_trail.AuditEntry]:
    return audit_trail.search(session, AuditFilter(action=action))


@pytest.fixture
def configured(admin_session: Session, tmp_path: Path) -> Session:
    backup.save_backup_policy(admin_session, {"folder": str(tmp_path / "usb")})
    return admin_session


def test_settings_round_trip_and_are_audited(admin_session: Session, tmp_path: Path) -> None:
    assert backup.backup_policy(admin_session) == backup.BackupPolicy()
    saved = backup.save_backup_policy(
        admin_session, {"folder": str(tmp_path), "interval_hours": 4, "keep_daily": 3}, warn_after_days=2
    )
    assert backup.backup_policy(admin_session) == saved
    assert saved.interval_hours == 4 and saved.keep_daily == 3 and saved.keep_weekly == 4
    assert auth.practice_settings(admin_session).backup_policy_days == 2
    entry = entries(admin_session, "backup.settings")[0]
    assert entry.detail["changed"] == ["backup_policy_days", "folder", "interval_hours", "keep_daily"]
    assert entries(admin_session, "practice.update_settings") == []  # one audited write, not two


def test_settings_and_warning_days_are_saved_together_or_not_at_all(
    admin_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carecoord_desktop.domain.errors import StorageUnavailable
    from carecoord_desktop.storage import settings_repo

    days = auth.practice_settings(admin_session).backup_policy_days
    real_put = settings_repo.put

    def put(conn: object, key: str, value: object, actor: str) -> None:
        if key == backup.POLICY_KEY:
            raise StorageUnavailable("The disk is full, so the backup settings could not be saved.")
        real_put(conn, key, value, actor)  # type: ignore[arg-type]

    monkeypatch.setattr(settings_repo, "put", put)
    with pytest.raises(StorageUnavailable):
        backup.save_backup_policy(admin_session, {"folder": str(tmp_path)}, warn_after_days=days + 3)
    monkeypatch.undo()
    assert auth.practice_settings(admin_session).backup_policy_days == days
    assert backup.backup_policy(admin_session) == backup.BackupPolicy()
    assert entries(admin_session, "backup.settings")[0].outcome == "failed"
    with pytest.raises(ValidationFailed):
        backup.save_backup_policy(admin_session, {"folder": str(tmp_path)}, warn_after_days=0)
    assert backup.backup_policy(admin_session) == backup.BackupPolicy()


def test_bad_settings_are_refused_with_a_field_message_and_nothing_changes(admin_session: Session) -> None:
    with pytest.raises(ValidationFailed) as caught:
        backup.save_backup_policy(admin_session, {"folder": "not/absolute"})
    assert "folder" in caught.value.field_errors
    assert "full path" in caught.value.message
    assert backup.backup_policy(admin_session) == backup.BackupPolicy()


def test_back_up_now_verifies_audits_and_shows_in_status(configured: Session) -> None:
    text, overdue = backup.last_backup_status(configured)
    assert overdue and "No backup yet" in text
    outcome = backup.back_up_now(configured)
    assert outcome.report.ok and outcome.path.exists()
    entry = entries(configured, "backup.create")[0]
    assert entry.outcome == "ok" and entry.detail["file"] == outcome.path.name
    assert entry.detail["sha256"] == outcome.manifest.db_sha256
    text, overdue = backup.last_backup_status(configured)
    assert not overdue and text.startswith("Last good backup just now")
    assert backup.last_good_backup(configured).file == outcome.path.name  # type: ignore[union-attr]


def test_without_a_folder_the_backup_explains(admin_session: Session) -> None:
    with pytest.raises(UserError, match="Choose a backup folder"):
        backup.back_up_now(admin_session)
    assert entries(admin_session, "backup.create")[0].outcome == "failed"


def test_front_desk_may_back_up_but_not_restore(practice: Path, tmp_path: Path) -> None:
    admin = sign_in(practice, "admin")
    backup.save_backup_policy(admin, {"folder": str(tmp_path / "b")})
    made = backup.back_up_now(admin)
    auth.sign_out(admin)
    fred = sign_in(practice, "fred")
    try:
        assert backup.back_up_now(fred).report.ok
        with pytest.raises(PermissionDenied, match="restore backups"):
            backup.restore_to_new_vault(fred, made.path, tmp_path / "new.ccvault")
        with pytest.raises(PermissionDenied):
            backup.restore_drill(fred)
        with pytest.raises(PermissionDenied):
            backup.save_backup_policy(fred, {"keep_daily": 1})
    finally:
        auth.sign_out(fred)
    admin = sign_in(practice, "admin")
    try:
        refused = [e for e in entries(admin, "backup.restore") if e.outcome == "refused"]
        assert refused and refused[0].username == "fred"
    finally:
        auth.sign_out(admin)


def test_schedule_and_sign_out_backups(configured: Session) -> None:
    assert backup.backup_due(configured, "timer")
    assert backup.run_scheduled_backup(configured, "timer") is not None
    assert not backup.backup_due(configured, "timer")
    assert backup.run_scheduled_backup(configured, "timer") is None
    assert backup.backup_due(configured, "sign_out")
    outcome = backup.run_scheduled_backup(configured, "sign_out")
    assert outcome is not None and entries(configured, "backup.create")[0].detail["reason"] == "sign_out"
    backup.save_backup_policy(configured, {"at_sign_out": False})
    assert not backup.backup_due(configured, "close")


def test_rotation_deletes_only_this_vaults_old_backups(configured: Session, tmp_path: Path) -> None:
    backup.save_backup_policy(configured, {"keep_daily": 2, "keep_weekly": 0, "keep_monthly": 0})
    folder = tmp_path / "usb"
    made = [backup.back_up_now(configured).path for _ in range(3)]
    # Age the first two by rewriting their header date is not possible (authenticated); use mtime-free rule:
    # all three are from today, so the daily rule keeps only the newest of today.
    remaining = sorted(p.name for p in folder.glob("*.ccbackup"))
    assert remaining == [made[-1].name]
    stranger = folder / "someone-else.ccbackup"
    stranger.write_bytes(b"not ours")
    backup.back_up_now(configured)
    assert stranger.exists()


def test_verify_is_audited_and_damage_is_refused(configured: Session) -> None:
    made = backup.back_up_now(configured)
    assert backup.verify_backup_file(configured, made.path).ok
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    made.path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="damaged"):
        backup.verify_backup_file(configured, made.path)
    outcomes = [e.outcome for e in entries(configured, "backup.verify")]
    assert outcomes == ["failed", "ok"]


def test_restore_shows_contents_and_asks_before_losing_newer_work(
    configured: Session, tmp_path: Path
) -> None:
    made = backup.back_up_now(configured)
    contents = backup.describe_backup(configured, made.path)
    assert contents.same_vault and contents.losses[0].startswith("1 audit-logged")  # the backup's own entry
    drafts.save_draft(configured, "patient.new", {"name": "Later Work"})
    contents = backup.describe_backup(configured, made.path)
    assert contents.is_older
    assert any("drafts" in loss for loss in contents.losses)
    assert any("Backup made" in line for line in contents.summary_lines())
    target = tmp_path / "restored" / "r.ccvault"
    with pytest.raises(RestoreNeedsConfirmation) as caught:
        backup.restore_to_new_vault(configured, made.path, target)
    assert "drafts" in caught.value.message and not target.exists()
    before = configured.vault.path.stat().st_size
    outcome = backup.restore_to_new_vault(configured, made.path, target, confirm_loss=True)
    assert outcome.vault_path == target and target.exists()
    assert configured.vault.path.stat().st_size >= before
    assert drafts.my_drafts(configured) == {"patient.new": {"name": "Later Work"}}  # current vault untouched
    assert entries(configured, "backup.restore")[0].detail["confirmed_loss"] is True
    restored = auth.sign_in(target, "admin", ADMIN_PASSWORD)
    try:
        assert drafts.my_drafts(restored) == {}
        log = audit_trail.search(restored, AuditFilter(action="backup.restored_from"))
        assert log and log[0].subject == made.path.name
        assert audit_trail.verify(restored).ok
    finally:
        auth.sign_out(restored)


def test_restore_refuses_the_open_vault_and_existing_files(configured: Session) -> None:
    made = backup.back_up_now(configured)
    with pytest.raises(UserError, match="never overwritten"):
        backup.restore_to_new_vault(configured, made.path, configured.vault.path, confirm_loss=True)


def test_another_vaults_backup_needs_its_own_credential(configured: Session, tmp_path: Path) -> None:
    from carecoord_desktop.domain.practice import PracticeSettings

    other, _ = auth.create_practice(
        auth.NewPractice(
            tmp_path / "o" / "oak.ccvault",
            PracticeSettings(practice_name="Oak"),
            "oak",
            "O O",
            NURSE_PASSWORD,
        )
    )
    made = backup.back_up_now(other, tmp_path / "other")
    auth.sign_out(other)
    with pytest.raises(BackupKeyRefused, match="another practice vault"):
        backup.describe_backup(configured, made.path)
    with pytest.raises(BackupKeyRefused, match="does not open"):
        backup.describe_backup(configured, made.path, Credential(username="oak", password="wrong password"))
    cred = Credential(username="oak", password=NURSE_PASSWORD)
    contents = backup.describe_backup(configured, made.path, cred)
    assert not contents.same_vault and contents.losses == []
    out = backup.restore_to_new_vault(configured, made.path, tmp_path / "o2" / "o.ccvault", credential=cred)
    assert out.vault_path.exists()


def test_restore_drill_reports_and_is_audited(configured: Session) -> None:
    with pytest.raises(UserError, match="no backup"):
        backup.restore_drill(configured)
    backup.back_up_now(configured)
    report = backup.restore_drill(configured)
    assert report.ok and "PASSED" in report.describe() and "integrity check ok" in report.describe()
    assert entries(configured, "backup.drill")[0].outcome == "ok"
    assert not [p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("carecoord-drill-*")]


# -- unattended ------------------------------------------------------------------------------------------
def test_unattended_with_the_keyring(practice: Path, tmp_path: Path, memory_keyring: object) -> None:
    admin = sign_in(practice, "admin")
    backup.save_backup_policy(admin, {"folder": str(tmp_path / "nightly")})
    assert "keyring" in backup_unattended.setup_unattended(admin)
    # The app keeps the vault open while the scheduled task runs.
    outcome = backup_unattended.unattended_backup(practice)
    assert outcome.report.ok and outcome.path.parent == tmp_path / "nightly"
    entry = entries(admin, "backup.create")[0]
    assert entry.username == backup_unattended.UNATTENDED_ACTOR and entry.outcome == "ok"
    _text, overdue = backup.last_backup_status(admin)
    assert not overdue
    assert audit_trail.verify(admin).ok
    auth.sign_out(admin)
    report, _ = backup_unattended.verify_file(outcome.path, Credential())
    assert report.ok


def test_unattended_with_a_key_file(practice: Path, tmp_path: Path, no_keyring: None) -> None:
    admin = sign_in(practice, "admin")
    with pytest.raises(NoKeyringAvailable, match="key file"):
        backup_unattended.setup_unattended(admin)
    key = tmp_path / "backup.key"
    backup_unattended.setup_unattended(admin, key)
    auth.sign_out(admin)
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(UserError, match="not set up"):
        backup_unattended.unattended_backup(practice, tmp_path / "b")
    outcome = backup_unattended.unattended_backup(practice, tmp_path / "b", key_file=key)
    assert outcome.report.ok
    wrong = tmp_path / "wrong.key"
    wrong.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n")
    with pytest.raises(UserError, match="does not open"):
        backup_unattended.unattended_backup(practice, tmp_path / "b", key_file=wrong)
    admin = sign_in(practice, "admin")
    try:
        assert backup_unattended.disable_unattended(admin) == 1
    finally:
        auth.sign_out(admin)
    with pytest.raises(UserError, match=r"not set up|does not open"):
        backup_unattended.unattended_backup(practice, tmp_path / "b", key_file=key)


def test_last_backup_status_goes_overdue(configured: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    backup.back_up_now(configured)
    later = datetime.now(UTC) + timedelta(days=2)

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return later

    monkeypatch.setattr(backup, "datetime", Clock)
    text, overdue = backup.last_backup_status(configured)
    assert overdue and "older than the practice's 1-day policy" in text


# -- one backup at a time ----------------------------------------------------------------------------------
def test_a_second_backup_while_one_runs_is_refused_plainly(configured: Session, tmp_path: Path) -> None:
    """The timer's backup, "Back up now" and the one at sign-out never run together (names, rotation)."""
    import threading

    started, release = threading.Event(), threading.Event()
    made: list[backup.BackupOutcome] = []

    def slow(_stage: str, _fraction: float) -> None:
        started.set()
        release.wait(10)

    worker = threading.Thread(target=lambda: made.append(backup.back_up_now(configured, progress=slow)))
    worker.start()
    try:
        assert started.wait(10)
        assert backup.backup_running(configured)
        with pytest.raises(BackupAlreadyRunning, match="already running"):
            backup.back_up_now(configured)
        assert backup.run_scheduled_backup(configured, "timer") is None  # the running one counts
    finally:
        release.set()
        worker.join(60)
    assert made and made[0].report.ok and not backup.backup_running(configured)
    assert [e.outcome for e in entries(configured, "backup.create")] == ["ok"]
    assert [p.name for p in (tmp_path / "usb").glob("*.ccbackup")] == [made[0].path.name]
    assert backup.back_up_now(configured).report.ok  # the lock was let go


def test_disable_unattended_takes_the_keys_file_again_after_a_failed_save(
    practice: Path, tmp_path: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carecoord_desktop.domain.errors import StorageUnavailable
    from carecoord_desktop.storage.keys import KeySlotsFile

    admin = sign_in(practice, "admin")
    try:
        backup_unattended.setup_unattended(admin, tmp_path / "k")

        def full(_self: KeySlotsFile) -> None:
            raise StorageUnavailable("The disk is full, so the keys file could not be saved.")

        monkeypatch.setattr(KeySlotsFile, "save", full)
        with pytest.raises(StorageUnavailable):
            backup_unattended.disable_unattended(admin)
        monkeypatch.undo()
        assert admin.vault.keys.find("backup", backup_unattended.SLOT_KEY_FILE)  # as on disk: still set up
        assert backup_unattended.disable_unattended(admin) == 1
    finally:
        auth.sign_out(admin)
